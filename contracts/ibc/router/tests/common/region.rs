//! What crosses between the router and the region: the region's packets, delivered by the
//! relayer, and the bill statuses the router sent there.

use cosmwasm_std::Uint128;
use ledger_types::bank::{AdvanceNotice, AdvanceTerm, BillNotice};
use ledger_types::meter::Bill;
use ledger_types::region::{BillStatus, OutboxResponse, RegionBill, ToMain, ToRegion};
use ledger_types::router;

use super::{CHANNEL, DAY, METER, Relay, START, World, attribute};

impl World {
    /// The relayer delivers a packet of the region; returns the router's outcome of it.
    pub fn deliver(&mut self, body: ToMain) -> String {
        self.region_packets += 1;
        let id = self.region_packets;
        let res = self
            .app
            .wasm_sudo(self.router.clone(), &Relay::Receive { id, body })
            .expect("the router answers every packet");
        attribute(&res, "outcome").expect("the bank answered")
    }

    /// The region's advances for `period`: `estimate` in shares (bps) due at the given times.
    pub fn advances(&mut self, period: u32, estimate: u128, terms: &[(u16, u64)]) -> String {
        self.deliver(ToMain::Advances(advance_notice(period, estimate, terms)))
    }

    /// The region's bill of `total` for `period`, its final instalment due at `final_due`, and
    /// no advances for the next period.
    pub fn bill(&mut self, period: u32, total: u128, final_due: u64) -> String {
        self.deliver(ToMain::Bill(Box::new(region_bill(
            period, total, final_due,
        ))))
    }

    /// The router's last status of the bill of `period`.
    pub fn last_status(&self, period: u32) -> Option<BillStatus> {
        let response: router::BillStatusResponse = self
            .app
            .wrap()
            .query_wasm_smart(
                &self.router,
                &router::QueryMsg::BillStatus {
                    meter_id: METER.to_string(),
                    period,
                },
            )
            .expect("bill status");
        response.status
    }

    /// Every bill status the router sent to the region, in the order sent (none is
    /// acknowledged here, so all are still in the outbox).
    pub fn statuses_sent(&self) -> Vec<BillStatus> {
        let mut statuses = vec![];
        let mut start_after = None;
        loop {
            let page: OutboxResponse<ToRegion> = self
                .app
                .wrap()
                .query_wasm_smart(
                    &self.router,
                    &router::QueryMsg::Outbox {
                        start_after,
                        limit: Some(30),
                    },
                )
                .expect("outbox");
            start_after = page.entries.last().map(|entry| entry.id);
            statuses.extend(page.entries.into_iter().filter_map(|entry| {
                assert_eq!(entry.channel_id, CHANNEL);
                match entry.body {
                    ToRegion::BillStatus(status) => Some(status),
                    _ => None,
                }
            }));
            if !page.has_more {
                return statuses;
            }
        }
    }
}

pub fn advance_notice(period: u32, estimate: u128, terms: &[(u16, u64)]) -> AdvanceNotice {
    AdvanceNotice {
        meter_id: METER.to_string(),
        period,
        estimate: Uint128::new(estimate),
        advances: terms
            .iter()
            .map(|&(bps, due)| AdvanceTerm { bps, due })
            .collect(),
    }
}

pub fn region_bill(period: u32, total: u128, final_due: u64) -> RegionBill {
    RegionBill {
        notice: BillNotice {
            meter_id: METER.to_string(),
            period,
            total: Uint128::new(total),
            final_due,
            next: advance_notice(period + 1, total, &[]),
        },
        bill: Bill {
            meter_id: METER.to_string(),
            period,
            period_start: START,
            period_end: START + 30 * DAY,
            billed_from: START,
            billed_to: START + 30 * DAY,
            energy_wh: 100_000,
            late_energy_wh: 0,
            max_power_w: 3_000,
            tariff_id: "north-flat".to_string(),
            tariff_version: 1,
            lines: vec![],
            subtotal: Uint128::new(total),
            tax: Uint128::zero(),
            total: Uint128::new(total),
            closed_at: START + 30 * DAY,
        },
        readings_digest: "ab".repeat(32),
    }
}
