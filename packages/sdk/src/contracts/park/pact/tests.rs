use super::*;

const BRACKET: &str = include_str!("../../../../testdata/pact/steel-bracket.json");
/// SHA-256 of the bracket's canonical form, computed apart from this code (sorted keys, no
/// whitespace, the same numbers), so the canonicaliser is checked against an outside answer.
const BRACKET_SHA256: &str = "b9b582a906a99d975aa722056a48802cec9977bc1ff7cc9ac3b8638e53d0ceae";

fn own(product_id: &str) -> PactImport {
    PactImport {
        product_id: product_id.to_string(),
        process_emissions: None,
        inputs: vec![],
    }
}

fn code(e: PactError) -> String {
    Error::from(e)
        .contract_code()
        .unwrap_or_default()
        .to_string()
}

/// The bracket with `pcf.<field>` set to `value`.
fn with_pcf(field: &str, value: Value) -> String {
    let mut doc: Value = serde_json::from_str(BRACKET).unwrap();
    doc["pcf"][field] = value;
    doc.to_string()
}

#[test]
fn every_field_of_the_bracket_is_converted_exactly() {
    let inputs = vec![
        InputUse {
            product_id: "urn:gtin:4063211000011".into(),
            version: 3,
            amount_per_unit: Uint128::new(1_050_000),
        },
        InputUse {
            product_id: "urn:gtin:4063211000028".into(),
            version: 1,
            amount_per_unit: Uint128::new(60_000),
        },
    ];
    let d = declaration(
        BRACKET,
        PactImport {
            product_id: "urn:gtin:4063211000172".into(),
            process_emissions: Some(micro("--process-emissions", "0.35").unwrap()),
            inputs: inputs.clone(),
        },
    )
    .unwrap();
    let expected = Declaration {
        product_id: "urn:gtin:4063211000172".into(),
        pf_id: "6f2c8a41-93d7-4b1e-a5c0-2e8d17b4f9a3".into(),
        spec_version: "2.2.0".into(),
        company_name: "Nordhafen Stahlbau GmbH".into(),
        company_ids: vec![
            "urn:uuid:0b7e5f3c-1d24-4c8a-9e61-5a3f2d8c7b10".into(),
            "urn:epc:id:sgln:4063211.00000.0".into(),
        ],
        product_ids: vec![
            "urn:gtin:4063211000172".into(),
            "urn:pact:nordhafen-stahlbau.example:product:pvb-4-hdg".into(),
        ],
        product_category_cpc: "42190".into(),
        product_name_company: "PV rail bracket PVB-4, hot-dip galvanised".into(),
        pcf: CarbonFootprint {
            declared_unit: DeclaredUnit::Kilogram,
            unitary_product_amount: Uint128::new(420_000),
            process_emissions: Uint128::new(350_000),
            pcf_including_biogenic: Int128::new(2_301_000),
            fossil_ghg_emissions: Uint128::new(2_296_000),
            biogenic_carbon_content: Uint128::new(4_000),
            // 2024-01-01 and 2025-01-01, 00:00 UTC.
            reference_period_start: 1_704_067_200,
            reference_period_end: 1_735_689_600,
            data_quality: Some(DataQuality {
                coverage_percent: 78,
                technological_dqr: 1_600,
                temporal_dqr: 1_200,
                geographical_dqr: 1_800,
                completeness_dqr: 2_000,
                reliability_dqr: 1_450,
            }),
        },
        inputs,
        document_sha256: HexBinary::from_hex(BRACKET_SHA256).unwrap(),
    };
    assert_eq!(d, expected);
}

#[test]
fn without_inputs_the_process_emissions_are_the_whole_footprint() {
    let d = declaration(BRACKET, own("urn:gtin:4063211000172")).unwrap();
    assert_eq!(d.pcf.process_emissions, Uint128::new(2_318_000));
    assert!(d.inputs.is_empty());
    // With inputs, PACT's total includes their share: the caller must say its own.
    let mut with_inputs = own("urn:gtin:4063211000172");
    with_inputs.inputs.push(InputUse {
        product_id: "urn:gtin:4063211000011".into(),
        version: 1,
        amount_per_unit: Uint128::new(1_000_000),
    });
    let err = declaration(BRACKET, with_inputs).unwrap_err();
    assert_eq!(err, PactError::ProcessEmissionsNeeded);
    assert_eq!(code(err), codes::PROCESS_EMISSIONS_NEEDED);
    // No data quality indicators: none declared.
    let mut doc: Value = serde_json::from_str(BRACKET).unwrap();
    doc["pcf"].as_object_mut().unwrap().remove("dqi");
    let d = declaration(&doc.to_string(), own("p")).unwrap();
    assert_eq!(d.pcf.data_quality, None);
    // A negative pCfIncludingBiogenic is PACT's (biogenic removals).
    let d = declaration(&with_pcf("pCfIncludingBiogenic", "-0.75".into()), own("p")).unwrap();
    assert_eq!(d.pcf.pcf_including_biogenic, Int128::new(-750_000));
}

#[test]
fn the_hash_is_the_canonical_document_s_whatever_its_layout() {
    assert_eq!(document_sha256(BRACKET).unwrap().to_hex(), BRACKET_SHA256);
    let value: Value = serde_json::from_str(BRACKET).unwrap();
    // Compact, pretty, and with every object's members reversed.
    fn reversed(v: &Value) -> String {
        match v {
            Value::Object(m) => {
                let members: Vec<String> = m
                    .iter()
                    .rev()
                    .map(|(k, v)| format!("{} :\n\t{}", Value::String(k.clone()), reversed(v)))
                    .collect();
                format!("{{\r\n  {}  }}", members.join(" ,\n "))
            }
            Value::Array(items) => format!(
                "[ {} ]",
                items.iter().map(reversed).collect::<Vec<_>>().join(" , ")
            ),
            other => other.to_string(),
        }
    }
    for layout in [
        value.to_string(),
        serde_json::to_string_pretty(&value).unwrap(),
        reversed(&value),
    ] {
        assert_ne!(layout, BRACKET);
        assert_eq!(document_sha256(&layout).unwrap().to_hex(), BRACKET_SHA256);
    }
    // The same number written otherwise is the same number.
    let doc = BRACKET.replace(
        "\"primaryDataShare\": 62.5",
        "\"primaryDataShare\": 6.250e1",
    );
    assert_ne!(doc, BRACKET);
    assert_eq!(document_sha256(&doc).unwrap().to_hex(), BRACKET_SHA256);
}

/// Every leaf of `value` with a path, for changing one at a time.
fn leaves(value: &Value, path: Vec<String>, out: &mut Vec<Vec<String>>) {
    match value {
        Value::Object(m) => m.iter().for_each(|(k, v)| {
            let mut p = path.clone();
            p.push(k.clone());
            leaves(v, p, out);
        }),
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| {
            let mut p = path.clone();
            p.push(i.to_string());
            leaves(v, p, out);
        }),
        _ => out.push(path),
    }
}

#[test]
fn any_changed_value_changes_the_hash() {
    let original: Value = serde_json::from_str(BRACKET).unwrap();
    let mut paths = Vec::new();
    leaves(&original, Vec::new(), &mut paths);
    assert!(paths.len() > 50, "{} leaves", paths.len());
    for path in paths {
        let mut doc = original.clone();
        let pointer = format!("/{}", path.join("/"));
        let leaf = doc.pointer_mut(&pointer).unwrap();
        *leaf = match leaf.take() {
            Value::String(s) => Value::String(format!("{s} ")),
            Value::Number(n) => serde_json::json!(n.as_f64().unwrap() + 0.5),
            Value::Bool(b) => Value::Bool(!b),
            other => panic!("{pointer}: {other}"),
        };
        assert_ne!(
            document_sha256(&doc.to_string()).unwrap().to_hex(),
            BRACKET_SHA256,
            "{pointer}"
        );
    }
    // So does a member added or taken away.
    let mut doc = original.clone();
    doc["pcf"]["geographyRegionOrSubregion"] = "Western Europe".into();
    assert_ne!(
        document_sha256(&doc.to_string()).unwrap().to_hex(),
        BRACKET_SHA256
    );
    doc = original;
    doc.as_object_mut().unwrap().remove("comment");
    assert_ne!(
        document_sha256(&doc.to_string()).unwrap().to_hex(),
        BRACKET_SHA256
    );
}

#[test]
fn bad_decimals_are_refused_naming_their_field() {
    let cases: [(&str, Value, PactError); 7] = [
        (
            "pCfExcludingBiogenic",
            "2,318".into(),
            PactError::InvalidDecimal {
                field: "pcf.pCfExcludingBiogenic".into(),
                value: "2,318".into(),
            },
        ),
        (
            "fossilGhgEmissions",
            "2.2960001".into(),
            PactError::TooPrecise {
                field: "pcf.fossilGhgEmissions".into(),
                value: "2.2960001".into(),
                digits: 6,
            },
        ),
        (
            "unitaryProductAmount",
            "-0.42".into(),
            PactError::Negative {
                field: "pcf.unitaryProductAmount".into(),
                value: "-0.42".into(),
            },
        ),
        (
            "biogenicCarbonContent",
            "1".repeat(40).into(),
            PactError::Overflow {
                field: "pcf.biogenicCarbonContent".into(),
                value: "1".repeat(40),
            },
        ),
        (
            "pCfIncludingBiogenic",
            true.into(),
            PactError::WrongType {
                field: "pcf.pCfIncludingBiogenic".into(),
                expected: "a decimal string",
            },
        ),
        (
            "referencePeriodEnd",
            "2025-01-01".into(),
            PactError::InvalidTime {
                field: "pcf.referencePeriodEnd".into(),
                value: "2025-01-01".into(),
            },
        ),
        (
            "declaredUnit",
            "pound".into(),
            PactError::UnknownUnit {
                value: "pound".into(),
            },
        ),
    ];
    for (field, value, expected) in cases {
        let err = declaration(&with_pcf(field, value), own("p")).unwrap_err();
        assert_eq!(err, expected, "{field}");
    }
    let codes_of = |doc: String| code(declaration(&doc, own("p")).unwrap_err());
    assert_eq!(
        codes_of(with_pcf("pCfExcludingBiogenic", "1e3".into())),
        codes::INVALID_DECIMAL
    );
    assert_eq!(
        codes_of(with_pcf("fossilGhgEmissions", "0.0000005".into())),
        codes::TOO_PRECISE
    );
    assert_eq!(
        codes_of(with_pcf("fossilGhgEmissions", "-1".into())),
        codes::NEGATIVE
    );
    // Ratings are kept to the thousandth and lie in 1 to 3; coverage is a whole percent.
    let mut doc: Value = serde_json::from_str(BRACKET).unwrap();
    doc["pcf"]["dqi"]["temporalDQR"] = "3.5".into();
    let err = declaration(&doc.to_string(), own("p")).unwrap_err();
    assert_eq!(
        err,
        PactError::OutOfRange {
            field: "pcf.dqi.temporalDQR".into(),
            value: "3.5".into(),
            min: "1",
            max: "3"
        }
    );
    assert_eq!(code(err), codes::OUT_OF_RANGE);
    doc["pcf"]["dqi"]["temporalDQR"] = "1.2345".into();
    assert_eq!(codes_of(doc.to_string()), codes::TOO_PRECISE);
    doc["pcf"]["dqi"]["temporalDQR"] = "1.2".into();
    doc["pcf"]["dqi"]["coveragePercent"] = serde_json::json!(78.5);
    assert_eq!(codes_of(doc.to_string()), codes::TOO_PRECISE);
    doc["pcf"]["dqi"]["coveragePercent"] = serde_json::json!(101);
    assert_eq!(codes_of(doc.to_string()), codes::OUT_OF_RANGE);
    // The flags' decimals are read the same way, named by the flag.
    assert_eq!(micro("--input", "1.05"), Ok(Uint128::new(1_050_000)));
    assert_eq!(
        micro("--process-emissions", "-1"),
        Err(PactError::Negative {
            field: "--process-emissions".into(),
            value: "-1".into()
        })
    );
}

#[test]
fn what_is_not_a_footprint_document_is_refused() {
    let no_id = BRACKET.replace("\"id\": \"6f2c8a41-93d7-4b1e-a5c0-2e8d17b4f9a3\",", "");
    assert_eq!(
        declaration(&no_id, own("p")).unwrap_err(),
        PactError::MissingField { field: "id".into() }
    );
    let no_pcf_time = with_pcf("referencePeriodStart", Value::Null);
    assert_eq!(
        declaration(&no_pcf_time, own("p")).unwrap_err(),
        PactError::MissingField {
            field: "pcf.referencePeriodStart".into()
        }
    );
    for bad in ["", "[1,2]", "{\"id\": ", "\"text\""] {
        let err = declaration(bad, own("p")).unwrap_err();
        assert_eq!(code(err.clone()), codes::INVALID_JSON, "{bad}: {err}");
        assert!(document_sha256(bad).is_err());
    }
    let ids_not_strings = BRACKET.replace("\"urn:epc:id:sgln:4063211.00000.0\"", "4063211");
    assert_eq!(
        declaration(&ids_not_strings, own("p")).unwrap_err(),
        PactError::WrongType {
            field: "companyIds".into(),
            expected: "an array of strings"
        }
    );
    let text = Error::from(PactError::ProcessEmissionsNeeded).to_string();
    assert!(
        text.starts_with("[ledger:pact.process_emissions_needed] "),
        "{text}"
    );
}
