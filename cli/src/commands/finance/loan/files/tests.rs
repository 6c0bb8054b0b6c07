use super::*;
use cosmwasm_std::Uint128;

const HEADER: &str = "asset_id,loan_type,loan_amount,borrower_name,id_number,phone,\
    plate_number,engine_number,mileage_km,purchased_at,risk_score,loan_limit,\
    suggested_share_limit,data_links,offered,min_rate,max_rate,fee_per_10k,\
    max_participants,start,end";

fn csv(rows: &[&str]) -> Result<Vec<LoanRow>, Vec<RowError>> {
    let text = format!("{HEADER}\n{}\n", rows.join("\n"));
    parse(&read_csv(text.as_bytes()).unwrap())
}

const CASH: &str = "LA-1,cash,200000.00,Zhang Wei,110101199003071234,13800138000,,,,,A2,\
    200000,100000,https://data.example/r/1,100000.00,18,20,1,3,,30d";
const CAR: &str = "LA-2,car_mortgage,150000,Li Na,310104198805126543,13912345678,\
    B7Q2K9,LJ465Q1A2345678,42000,2022-01-01,B1,150000,60000,,60000,18.5,21.25,2,2,\
    2026-01-01,2026-03-01T12:00";

#[test]
fn the_example_file_parses() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/loan-applications.csv");
    let rows = read_applications(&path, None).unwrap();
    assert_eq!(rows.len(), 3);
    let types: Vec<LoanType> = rows.iter().map(|r| r.loan_type).collect();
    assert_eq!(
        types,
        [LoanType::Cash, LoanType::CarMortgage, LoanType::Enterprise]
    );
    for r in &rows {
        let fields: Vec<SensitiveField> = r.sensitive.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, r.loan_type.sensitive_fields());
        assert!(r.offered.minor() <= r.loan_amount.minor());
    }
}

#[test]
fn rows_become_plans() {
    let rows = csv(&[CASH, CAR]).unwrap();
    let cash = &rows[0];
    assert_eq!(cash.row, 2);
    assert_eq!(cash.asset_id, "LA-1");
    assert_eq!(cash.loan_amount.minor(), 200_000_00);
    assert_eq!(cash.sensitive.len(), 3);
    assert_eq!(cash.sensitive[0].1.expose(), "Zhang Wei");
    assert_eq!(cash.sensitive[1].1.expose(), "110101199003071234");
    assert_eq!(cash.vehicle, None);
    assert_eq!(
        cash.data_links,
        vec!["https://data.example/r/1".to_string()]
    );
    assert_eq!((cash.min_rate_bps, cash.max_rate_bps), (1_800, 2_000));
    assert_eq!(cash.start, When::Now);
    assert_eq!(cash.end, End::After(30 * 86_400));
    let plan = cash.plan_input(vec![], 1_000);
    assert_eq!(plan.terms.start, 1_000);
    assert_eq!(plan.terms.end, 1_000 + 30 * 86_400);
    assert_eq!(plan.terms.offered, Uint128::new(100_000_00));
    assert_eq!(plan.risk.loan_limit, Uint128::new(200_000_00));

    let car = &rows[1];
    assert_eq!(car.row, 3);
    assert_eq!(car.loan_type, LoanType::CarMortgage);
    let fields: Vec<SensitiveField> = car.sensitive.iter().map(|(f, _)| *f).collect();
    assert_eq!(fields, SensitiveField::ALL);
    assert_eq!(car.sensitive[3].1.expose(), "B7Q2K9");
    assert_eq!(
        car.vehicle,
        Some(VehicleInfo {
            mileage_km: 42_000,
            purchased_at: 1_640_995_200
        })
    );
    assert_eq!((car.min_rate_bps, car.max_rate_bps), (1_850, 2_125));
    assert_eq!(car.window(0), (1_767_225_600, 1_772_366_400));
}

#[test]
fn every_bad_cell_is_named_with_its_row_and_column() {
    let bad_amounts = "LA-3,cash,12.345,N,I,P,,,,,A,1,1,,0,25,18,0,21,,30d";
    let car_without_plate = "LA-4,car_pledge,100,N,I,P,,E9,,,A,1,1,,50,1,2,1,1,,1h";
    let cash_with_plate = "LA-5,cash,100,N,I,P,B1,,,,A,1,1,,50,1,2,1,1,,1h";
    let bad_type_and_end = "LA 6,house,100,,I,P,,,,,A,1,1,,200,1,2,1,1,,yesterday";
    let errors = csv(&[
        bad_amounts,
        car_without_plate,
        cash_with_plate,
        bad_type_and_end,
    ])
    .unwrap_err();
    let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
    let expect = [
        "row 2, column loan_amount: '12.345' is not an amount: at most 2 decimals",
        "row 2, column offered: must be more than zero",
        "row 2, column fee_per_10k: '0' is not a whole number from 1 to 10000",
        "row 2, column max_participants: '21' is not a whole number from 1 to 20",
        "row 2, column max_rate: the highest accepted rate is below the lowest",
        "row 3, column plate_number: empty; give the borrower's value",
        "row 4, column plate_number: car details belong to car loans",
        "row 5, column asset_id: 'LA 6' must not contain spaces",
        "row 5, column loan_type: 'house' is not a loan type; use one of cash,",
        "row 5, column borrower_name: empty",
        "row 5, column end: 'yesterday' is not an end",
        "row 5, column offered: 200.00 is more than the loan amount 100.00",
    ];
    for e in expect {
        assert!(
            text.iter().any(|t| t.starts_with(e)),
            "missing {e:?} in {text:#?}"
        );
    }
    assert_eq!(errors.len(), expect.len(), "{text:#?}");
    let described = describe_errors(&errors);
    assert!(described.starts_with("12 problems, nothing was posted:"));
}

#[test]
fn offers_windows_and_duplicates_are_checked_across_cells() {
    let over = "LA-7,cash,100,N,I,P,,,,,A,1,1,,100.01,1,2,1,1,,1h";
    let backwards = "LA-8,cash,100,N,I,P,,,,,A,1,1,,100,1,2,1,1,2026-02-01,2026-01-01";
    let twice = "LA-8,cash,100,N,I,P,,,,,A,1,1,,100,1,2,1,1,,1h";
    let errors = csv(&[over, backwards, twice]).unwrap_err();
    let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            "row 2, column offered: 100.01 is more than the loan amount 100.00",
            "row 3, column end: the plan must close after it opens (start)",
            "row 4, column asset_id: asset id LA-8 is also on row 3; each loan is shared once",
        ]
    );
}

#[test]
fn sensitive_values_never_appear_in_errors_or_debug() {
    let long_name = "X".repeat(MAX_SENSITIVE_BYTES + 1);
    let row = format!("LA-9,cash,100,{long_name},SECRET-ID,,,,,,A,1,1,,100,1,2,1,1,,1h");
    let errors = csv(&[&row]).unwrap_err();
    let text = describe_errors(&errors);
    assert!(
        text.contains("row 2, column borrower_name: 931 bytes long"),
        "{text}"
    );
    assert!(text.contains("row 2, column phone: empty"), "{text}");
    assert!(
        !text.contains(&long_name) && !text.contains("SECRET-ID"),
        "{text}"
    );
    let rows = csv(&[CASH]).unwrap();
    let debug = format!("{rows:?}");
    assert!(
        !debug.contains("Zhang Wei") && !debug.contains("13800138000"),
        "{debug}"
    );
}

#[test]
fn headers_are_checked_first() {
    let parse_header = |header: &str| {
        parse(&read_csv(format!("{header}\nx\n").as_bytes()).unwrap()).unwrap_err()[0].to_string()
    };
    let missing = parse_header("asset_id,loan_type");
    assert!(
        missing.starts_with("row 1: the header lacks the columns loan_amount, borrower_name"),
        "{missing}"
    );
    let unknown = parse_header(&format!("{HEADER},salary"));
    assert!(unknown.contains("unknown column 'salary'"), "{unknown}");
    let twice = parse_header(&format!("{HEADER},phone"));
    assert!(twice.contains("names the column 'phone' twice"), "{twice}");
    let empty = parse(&read_csv(format!("{HEADER}\n").as_bytes()).unwrap()).unwrap_err();
    assert!(empty[0].message.contains("no applications"));
}

#[test]
fn comments_blank_lines_and_optional_columns() {
    let text = "# exported from the loan system\n\
        asset_id,loan_type,loan_amount,borrower_name,id_number,phone,risk_score,loan_limit,\
        suggested_share_limit,offered,min_rate,max_rate,fee_per_10k,max_participants,end\n\
        \n\
        LA-10 , Provident Fund ,\"1,000.00\",N,I,P,A,1,1,10,18%,18%,1,1,2027-01-01\n";
    let rows = parse(&read_csv(text.as_bytes()).unwrap()).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].row, 4);
    assert_eq!(rows[0].loan_type, LoanType::ProvidentFund);
    assert_eq!(rows[0].loan_amount.minor(), 1_000_00);
    assert_eq!(rows[0].start, When::Now);
    assert_eq!(rows[0].end, End::At(When::At(1_798_761_600)));
    assert!(rows[0].data_links.is_empty());
}

#[test]
fn spreadsheets_are_read_like_csv() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("applications.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Loans").unwrap();
    for (col, name) in HEADER.split(',').enumerate() {
        sheet.write_string(0, col as u16, name.trim()).unwrap();
    }
    let text = |sheet: &mut rust_xlsxwriter::Worksheet, row: u32, values: &[(u16, &str)]| {
        for (col, v) in values {
            sheet.write_string(row, *col, *v).unwrap();
        }
    };
    // A car loan typed as a spreadsheet would hold it: amounts, rates, mileage and the
    // phone as numbers, the purchase date as a date, the identity number as text.
    text(
        sheet,
        1,
        &[
            (0, "LA-11"),
            (1, "car_pledge"),
            (3, "Wang Fang"),
            (4, "11010119900307123X"),
            (6, "B7Q2K9"),
            (7, "E-77"),
            (10, "A1"),
            (20, "2026-06-30"),
        ],
    );
    for (col, v) in [
        (2, 150_000.0),
        (5, 13_800_138_000.0),
        (8, 42_000.0),
        (11, 150_000.0),
        (12, 60_000.5),
        (14, 60_000.0),
        (15, 18.5),
        (16, 20.0),
        (17, 1.0),
        (18, 2.0),
    ] {
        sheet.write_number(1, col, v).unwrap();
    }
    let date = Format::new().set_num_format("yyyy-mm-dd");
    sheet
        .write_datetime_with_format(1, 9, ExcelDateTime::from_ymd(2022, 1, 1).unwrap(), &date)
        .unwrap();
    // A second row whose identity number was typed as a number and lost digits.
    text(
        sheet,
        2,
        &[(0, "LA-12"), (1, "cash"), (3, "Zhao Lei"), (10, "B")],
    );
    for (col, v) in [
        (2, 100.0),
        (4, 110_101_199_003_071_234.0),
        (5, 1.0),
        (11, 1.0),
        (12, 1.0),
        (14, 50.0),
        (15, 1.0),
        (16, 2.0),
        (17, 1.0),
        (18, 1.0),
    ] {
        sheet.write_number(2, col, v).unwrap();
    }
    sheet.write_string(2, 20, "7d").unwrap();
    book.save(&path).unwrap();

    let err = read_applications(&path, None).unwrap_err().to_string();
    assert!(
        err.contains("1 problem, nothing was posted:")
            && err.contains("row 3, column id_number: the cell is a number of 16 or more"),
        "{err}"
    );
    assert!(!err.contains("110101199003071234"), "{err}");
    let missing = read_applications(&path, Some("Sheet9")).unwrap_err();
    assert!(
        format!("{missing:#}").contains("it has no sheet 'Sheet9'; its sheets are Loans"),
        "{missing:#}"
    );

    // Only the car loan's row, read back.
    let sheet = read_workbook(&path, Some("Loans")).unwrap();
    let car = Sheet {
        header: sheet.header.clone(),
        rows: sheet.rows[..1].to_vec(),
    };
    let rows = parse(&car).unwrap();
    let car = &rows[0];
    assert_eq!(car.row, 2);
    assert_eq!(car.loan_amount.minor(), 150_000_00);
    assert_eq!(car.risk.suggested_share_limit, Uint128::new(60_000_50));
    assert_eq!(car.sensitive[1].1.expose(), "11010119900307123X");
    assert_eq!(car.sensitive[2].1.expose(), "13800138000");
    assert_eq!((car.min_rate_bps, car.max_rate_bps), (1_850, 2_000));
    assert_eq!(
        car.vehicle,
        Some(VehicleInfo {
            mileage_km: 42_000,
            purchased_at: 1_640_995_200
        })
    );
    assert_eq!(car.end, End::At(When::At(1_782_777_600)));
}

#[test]
fn the_format_follows_the_extension() {
    let err = read_applications(Path::new("loans.txt"), None)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("name a CSV file *.csv or a spreadsheet *.xlsx"),
        "{err}"
    );
    let err = read_applications(Path::new("loans.csv"), Some("Loans"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("--sheet is for spreadsheets"), "{err}");
}

#[test]
fn ends_parse() {
    assert_eq!(parse_end("30d"), Ok(End::After(30 * 86_400)));
    assert_eq!(parse_end("12h"), Ok(End::After(12 * 3_600)));
    assert_eq!(
        parse_end("2026-01-01"),
        Ok(End::At(When::At(1_767_225_600)))
    );
    for bad in ["0d", "d", "-1d", "soon"] {
        assert!(parse_end(bad).is_err(), "{bad}");
    }
    assert_eq!(parse_loan_type("Car-Pledge"), Ok(LoanType::CarPledge));
}
