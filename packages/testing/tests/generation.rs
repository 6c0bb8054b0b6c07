//! A household that also generates: its consumption meter is billed as always, its generation
//! meter (whose signed readings prove delivery to the park market) sits in the same meter
//! contract, takes readings the same way and is never billed, nor advanced at the bank.

use cosmwasm_std::Uint128;
use ledger_testing::tariffs::{self, FLAT};
use ledger_testing::{DAY, MeterSpec, START, SuiteBuilder, err};
use ledger_types::admin::RegisterMeter;
use ledger_types::error_code::HasCode;
use ledger_types::meter::{MeterKind, codes as meter_codes};

const HOME: &str = "home";
const ROOF: &str = "roof";
const READINGS_PER_MONTH: usize = 30 * 48;

#[test]
fn a_generation_meter_is_read_but_never_billed() {
    let mut suite = SuiteBuilder::new()
        .with_tariff(tariffs::flat())
        .with_meter(MeterSpec::new(HOME, "alice", FLAT).contracted(50_00))
        .with_meter(MeterSpec::new(ROOF, "alice", FLAT).generation())
        .build();
    let november = suite.current_period();
    assert_eq!(suite.meter_info(ROOF).unwrap().kind, MeterKind::Generation);
    assert_eq!(suite.meter_info(HOME).unwrap().kind, MeterKind::Consumption);
    assert_eq!(suite.meter_state(ROOF).kind, MeterKind::Generation);
    assert_eq!(suite.meter_contract(ROOF), suite.meter_contract(HOME));
    // Only the consumption meter's contracted amount is advanced.
    assert_eq!(suite.period_instalments(HOME, november).len(), 2);
    assert!(suite.instalments(ROOF).is_empty());

    suite.advance_to(START + 30 * DAY);
    let produced = suite.feed(ROOF, 240).unwrap();
    suite.feed(HOME, 240).unwrap();
    assert_eq!(produced.len(), READINGS_PER_MONTH);
    assert_eq!(suite.readings(ROOF).len(), READINGS_PER_MONTH);
    let energy: u64 = produced.iter().map(|r| r.energy_wh).sum();
    assert_eq!(
        suite.period_totals(ROOF, november).unwrap().energy_wh,
        energy
    );

    let stranger = suite.addrs.stranger.clone();
    let refused: ledger_meter::ContractError = err(suite.close_period(&stranger, ROOF, november));
    assert_eq!(
        refused,
        ledger_meter::ContractError::GenerationNotBilled {
            meter_id: ROOF.to_string()
        }
    );
    assert_eq!(refused.code(), meter_codes::GENERATION_NOT_BILLED);
    suite.close_period(&stranger, HOME, november).unwrap();
    assert_eq!(suite.bills(HOME).len(), 1);
    assert!(suite.bills(ROOF).is_empty());
    assert!(suite.instalments(ROOF).is_empty());
    assert!(!suite.period_totals(ROOF, november).unwrap().closed);
}

#[test]
fn the_registry_refuses_a_generation_meter_with_a_contracted_amount() {
    let mut suite = SuiteBuilder::new().with_tariff(tariffs::flat()).build();
    suite.add_consumer("alice").unwrap();
    let admin = suite.addrs.administrator.clone();
    let device = ledger_testing::MeterDevice::new(ROOF, &suite.chain_id(), suite.now(), 0);
    let msg = RegisterMeter {
        meter_id: ROOF.to_string(),
        owner: suite.consumer("alice").to_string(),
        retailer: suite.addrs.retailer.to_string(),
        pubkey: device.pubkey(),
        tariff_id: FLAT.to_string(),
        initial_register_wh: 0,
        contracted_monthly_amount: Uint128::new(10_00),
        region: None,
        kind: MeterKind::Generation,
    };
    let refused: ledger_admin::ContractError = err(suite.register_meter_with(&admin, msg, device));
    assert_eq!(
        refused,
        ledger_admin::ContractError::GenerationContractedAmount {
            meter_id: ROOF.to_string(),
            amount: Uint128::new(10_00),
        }
    );
    assert!(suite.meter_info(ROOF).is_err());
}
