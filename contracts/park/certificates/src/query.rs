//! Queries. Every list reads one page of one storage prefix and says whether more follow;
//! `Verify` answers for many ids in one query.

use cosmwasm_std::{Binary, Deps, Env, Order, to_json_binary};
use ledger_contract_kit::paging::{Page, after, page};
use ledger_contract_kit::pause;
use ledger_types::park::certificates::{
    Certificate, CertificateStatus, CertificatesResponse, ConfigResponse, HistoryEvent,
    HistoryResponse, MAX_VERIFY_IDS, MeterHourResponse, QueryMsg, Verdict, Verification,
    VerifyResponse,
};

use crate::state::{CERTIFICATES, CERTIFIED, CONFIG, HISTORY, OWNED, StoredCertificate};
use crate::{ContractError, ContractResult};

pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> ContractResult<Binary> {
    Ok(match msg {
        QueryMsg::Config {} => {
            let config = CONFIG.load(deps.storage)?;
            to_json_binary(&ConfigResponse {
                admin_contract: config.admin_contract.to_string(),
                market: config.market.to_string(),
                validity_seconds: config.validity_seconds,
                direct_issuance_delay_seconds: config.direct_issuance_delay_seconds,
            })?
        }
        QueryMsg::PauseStatus {} => to_json_binary(&pause::status(deps.storage)?)?,
        QueryMsg::Certificate { id } => to_json_binary(&certificate(deps, id)?)?,
        QueryMsg::Certificates {
            owner,
            start_after,
            limit,
        } => {
            let owner = deps.api.addr_validate(&owner)?;
            let range =
                OWNED
                    .prefix(&owner)
                    .keys(deps.storage, after(start_after), None, Order::Ascending);
            let Page { items, has_more } = page(range, limit, |id| -> ContractResult<_> {
                Ok(view(id, CERTIFICATES.load(deps.storage, id)?))
            })?;
            to_json_binary(&CertificatesResponse {
                certificates: items,
                has_more,
            })?
        }
        QueryMsg::MeterHour {
            meter_id,
            hour_start,
        } => {
            let certified = CERTIFIED
                .may_load(deps.storage, (&meter_id, hour_start))?
                .unwrap_or_default();
            to_json_binary(&MeterHourResponse {
                meter_id,
                hour_start,
                certified_wh: certified.energy_wh,
                certificates: certified.certificates,
            })?
        }
        QueryMsg::History {
            id,
            start_after,
            limit,
        } => {
            if !CERTIFICATES.has(deps.storage, id) {
                return Err(ContractError::UnknownCertificate { id });
            }
            let range =
                HISTORY
                    .prefix(id)
                    .range(deps.storage, after(start_after), None, Order::Ascending);
            let Page { items, has_more } = page(range, limit, |(seq, event)| {
                cosmwasm_std::StdResult::Ok(HistoryEvent {
                    seq,
                    at: event.at,
                    entry: event.entry,
                })
            })?;
            to_json_binary(&HistoryResponse {
                id,
                events: items,
                has_more,
            })?
        }
        QueryMsg::Verify { ids } => {
            if ids.len() > MAX_VERIFY_IDS {
                return Err(ContractError::TooManyIds {
                    given: ids.len(),
                    max: MAX_VERIFY_IDS,
                });
            }
            let now = env.block.time.seconds();
            let results = ids
                .into_iter()
                .map(|id| -> ContractResult<_> {
                    let verdict = match CERTIFICATES.may_load(deps.storage, id)? {
                        None => Verdict::Unknown,
                        Some(c) => verdict(c, now),
                    };
                    Ok(Verification { id, verdict })
                })
                .collect::<Result<_, _>>()?;
            to_json_binary(&VerifyResponse { results })?
        }
    })
}

fn certificate(deps: Deps, id: u64) -> ContractResult<Certificate> {
    let stored = CERTIFICATES
        .may_load(deps.storage, id)?
        .ok_or(ContractError::UnknownCertificate { id })?;
    Ok(view(id, stored))
}

/// A claim outlives the expiry: a claimed certificate answers as claimed for ever.
fn verdict(c: StoredCertificate, now: u64) -> Verdict {
    match c.status {
        CertificateStatus::Claimed {
            beneficiary,
            purpose,
            claimed_by,
            ..
        } => Verdict::Claimed {
            claimed_by,
            beneficiary,
            purpose,
        },
        CertificateStatus::Active if c.expired_at(now) => Verdict::Expired {
            owner: c.owner.to_string(),
        },
        CertificateStatus::Active => Verdict::Valid {
            owner: c.owner.to_string(),
            expires_at: c.expires_at,
        },
    }
}

fn view(id: u64, c: StoredCertificate) -> Certificate {
    Certificate {
        id,
        meter_id: c.meter_id,
        hour_start: c.hour_start,
        energy_wh: c.energy_wh,
        energy_type: c.energy_type,
        carbon_g_per_kwh: c.carbon_g_per_kwh,
        owner: c.owner.to_string(),
        issued_at: c.issued_at,
        expires_at: c.expires_at,
        origin: c.origin,
        status: c.status,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::{mock_dependencies, mock_env};

    #[test]
    fn an_overlong_batch_and_an_unknown_certificate_are_refused_with_their_errors() {
        let deps = mock_dependencies();
        let ids: Vec<u64> = (1..=MAX_VERIFY_IDS as u64 + 1).collect();
        assert_eq!(
            query(deps.as_ref(), mock_env(), QueryMsg::Verify { ids }),
            Err(ContractError::TooManyIds {
                given: MAX_VERIFY_IDS + 1,
                max: MAX_VERIFY_IDS
            })
        );
        assert_eq!(
            query(deps.as_ref(), mock_env(), QueryMsg::Certificate { id: 3 }),
            Err(ContractError::UnknownCertificate { id: 3 })
        );
        assert_eq!(
            query(
                deps.as_ref(),
                mock_env(),
                QueryMsg::History {
                    id: 3,
                    start_after: None,
                    limit: None
                }
            ),
            Err(ContractError::UnknownCertificate { id: 3 })
        );
        // Unknown ids within the bound are answered, not refused.
        let answer: VerifyResponse = cosmwasm_std::from_json(
            query(deps.as_ref(), mock_env(), QueryMsg::Verify { ids: vec![3] }).unwrap(),
        )
        .unwrap();
        assert_eq!(
            answer.results,
            vec![Verification {
                id: 3,
                verdict: Verdict::Unknown
            }]
        );
    }
}
