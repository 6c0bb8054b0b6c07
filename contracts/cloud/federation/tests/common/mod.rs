//! The world of the cloud contract's integration tests: the ledger's multi-test Suite
//! (registry, bank, settlement token) with the cloud contract beside it and three
//! organisations that each provide and consume, their administrators, users, encryption keys
//! and metering agents. Actions take the sender explicitly; queries read every page; a
//! snapshot covers every contract and every cloud query, so that a refused action can be shown
//! to have changed nothing.

#![allow(dead_code)]

use cosmwasm_std::{Addr, Binary, HexBinary, Uint128};
use cw_multi_test::error::AnyResult;
use cw_multi_test::{AppResponse, ContractWrapper, Executor};
use k256::ecdsa::signature::hazmat::PrehashSigner;
use k256::ecdsa::{Signature, SigningKey};
use ledger_cloud_federation::ContractError;
use ledger_crypto::{
    Context, Opening, SecretKey, generate_secret_key, public_key_bytes, seal_field,
};
use ledger_testing::{Suite, SuiteBuilder, WorldSnapshot, err};
use ledger_types::admin::Role;
use ledger_types::cloud::{
    Bill, BillCursor, BillTotals, BillsResponse, CurrentPricesResponse, EscrowTotals, ExecuteMsg,
    HeldPayout, HeldPayoutsResponse, InstanceType, InstantiateMsg, Lease, LeasesResponse,
    MonthTotals, MonthlyTotalsResponse, Organisation, OrganisationsResponse, PriceVersion,
    PriceVersionsResponse, Prices, QueryMsg, Quota, QuotaResponse, QuotasResponse, ReceiveMsg,
    Resources, SealedTerms, SignedUsage, StoredTerms, UsersResponse, usage,
};
use ledger_types::emergency::PauseStatus;
use serde::de::DeserializeOwned;

pub const HOUR: u64 = 3_600;

/// What every organisation's users start with, in token minor units.
pub const FUNDS: u128 = 1_000_000;

/// One organisation of the federation and its people and keys.
pub struct Org {
    pub id: String,
    /// Its administrator (registry role `CloudProvider`).
    pub admin: Addr,
    /// A user (registry role `CloudUser`) who requests hosts for it.
    pub user: Addr,
    /// The organisation's encryption key pair.
    pub key: SecretKey,
    /// Its metering agent's signing key.
    pub agent: SigningKey,
}

impl Org {
    pub fn public_key(&self) -> HexBinary {
        HexBinary::from(public_key_bytes(&self.key).to_vec())
    }

    pub fn agent_key(&self) -> HexBinary {
        HexBinary::from(
            self.agent
                .verifying_key()
                .to_encoded_point(true)
                .as_bytes()
                .to_vec(),
        )
    }
}

pub struct World {
    pub s: Suite,
    pub cloud: Addr,
    pub orgs: Vec<Org>,
    /// A registered `CloudUser` in no organisation, holding tokens.
    pub loner: Addr,
}

/// The standard host of the tests: 4 vCPUs, 8 GiB, 100 GiB disk, one public IP.
pub fn host() -> Resources {
    Resources {
        vcpus: 4,
        memory_mib: 8 * 1024,
        disk_gib: 100,
        public_ips: 1,
        gpus: 0,
    }
}

/// Every quota of the world: a week, 16 vCPUs, 64 GiB, 1000 GiB, 4 IPs, no GPUs.
pub fn quota() -> Quota {
    Quota {
        max_holding_seconds: 7 * 24 * HOUR,
        vcpus: 16,
        memory_mib: 64 * 1024,
        disk_gib: 1_000,
        public_ips: 4,
        gpus: None,
    }
}

/// The first price list of organisation `i`.
pub fn prices(i: usize) -> Prices {
    [
        Prices {
            per_vcpu_hour: 10,
            per_memory_gib_hour: 4,
            per_disk_gib_hour: 1,
            per_public_ip_hour: 3,
            per_gpu_hour: 0,
            per_gb_transferred: 2,
        },
        Prices {
            per_vcpu_hour: 12,
            per_memory_gib_hour: 5,
            per_disk_gib_hour: 1,
            per_public_ip_hour: 2,
            per_gpu_hour: 0,
            per_gb_transferred: 1,
        },
        Prices {
            per_vcpu_hour: 8,
            per_memory_gib_hour: 6,
            per_disk_gib_hour: 2,
            per_public_ip_hour: 4,
            per_gpu_hour: 0,
            per_gb_transferred: 3,
        },
    ][i]
}

/// The lease's hourly price as the tests compute it, independently of the contract (the
/// tests' hosts have whole GiB of memory).
pub fn hourly(res: &Resources, p: &Prices) -> u128 {
    assert_eq!(res.memory_mib % 1024, 0, "the tests' hosts have whole GiB");
    u128::from(res.vcpus) * u128::from(p.per_vcpu_hour)
        + u128::from(res.memory_mib / 1024) * u128::from(p.per_memory_gib_hour)
        + u128::from(res.disk_gib) * u128::from(p.per_disk_gib_hour)
        + u128::from(res.public_ips) * u128::from(p.per_public_ip_hour)
        + u128::from(res.gpus) * u128::from(p.per_gpu_hour)
}

/// The cloud contract's state as every query shows it, and its token balance.
#[derive(Clone, Debug, PartialEq)]
pub struct CloudSnapshot {
    pub orgs: Vec<Organisation>,
    pub users: Vec<Vec<Addr>>,
    pub quotas: Vec<Vec<QuotaResponse>>,
    pub prices: Vec<Vec<PriceVersion>>,
    pub current_prices: Vec<PriceVersion>,
    pub leases: Vec<Lease>,
    pub open: Vec<Vec<Lease>>,
    pub terms: Vec<Option<StoredTerms>>,
    pub bills: Vec<Bill>,
    pub consumer_bills: Vec<Vec<Bill>>,
    pub totals: Vec<(BillTotals, BillTotals)>,
    pub months: Vec<Vec<MonthTotals>>,
    pub held: Vec<HeldPayout>,
    pub escrow: EscrowTotals,
    pub pause: PauseStatus,
    pub balance: u128,
}

/// Reads every page of a list: `next(last)` answers the page after `last` and `has_more`.
pub fn all<T, K>(
    mut next: impl FnMut(Option<K>) -> (Vec<T>, bool),
    key: impl Fn(&T) -> K,
) -> Vec<T> {
    let mut out: Vec<T> = vec![];
    loop {
        let (items, has_more) = next(out.last().map(&key));
        out.extend(items);
        if !has_more {
            return out;
        }
    }
}

/// The cursor after a bill.
pub fn cursor(b: &Bill) -> BillCursor {
    BillCursor {
        closed_at: b.closed_at,
        lease_id: b.lease_id,
    }
}

/// The value of the cloud contract's attribute `key` in a response.
pub fn attr(res: &AppResponse, key: &str) -> String {
    res.events
        .iter()
        .filter(|e| e.ty == "wasm")
        .flat_map(|e| e.attributes.iter())
        .find(|a| a.key == key)
        .unwrap_or_else(|| panic!("no attribute {key} in {res:?}"))
        .value
        .clone()
}

impl World {
    /// Three organisations, "cnic", "pku" and "ustc": each with an administrator and a user,
    /// keys and agent registered, each user funded with [`FUNDS`], every organisation granting
    /// every other [`quota`], and each organisation's price list [`prices`] in force now.
    pub fn new() -> World {
        let mut s = SuiteBuilder::new().build();
        let code = s.app.store_code(Box::new(
            ContractWrapper::new(
                ledger_cloud_federation::contract::execute,
                ledger_cloud_federation::contract::instantiate,
                ledger_cloud_federation::contract::query,
            )
            .with_migrate(ledger_cloud_federation::contract::migrate),
        ));
        let owner = s.addrs.administrator.clone();
        let cloud = s
            .app
            .instantiate_contract(
                code,
                owner.clone(),
                &InstantiateMsg {
                    admin_contract: s.admin.to_string(),
                    token: s.token.to_string(),
                    minimums: None,
                },
                &[],
                "ledger-cloud-federation",
                Some(owner.to_string()),
            )
            .expect("instantiate the cloud contract");
        let orgs: Vec<Org> = ["cnic", "pku", "ustc"]
            .iter()
            .enumerate()
            .map(|(i, id)| Org {
                id: id.to_string(),
                admin: s.addr(&format!("{id}-admin")),
                user: s.addr(&format!("{id}-user")),
                key: generate_secret_key(),
                agent: SigningKey::from_bytes(&[i as u8 + 1; 32].into()).unwrap(),
            })
            .collect();
        let loner = s.addr("loner");
        let mut w = World {
            s,
            cloud,
            orgs,
            loner,
        };
        let operator = w.s.addrs.bank_operator.clone();
        for i in 0..3 {
            let (id, admin, user) = (w.id(i), w.admin(i), w.user(i));
            w.s.register_participant(
                &owner,
                &admin,
                &format!("{id} admin"),
                vec![Role::CloudProvider],
            )
            .unwrap();
            w.s.register_participant(&owner, &user, &format!("{id} user"), vec![Role::CloudUser])
                .unwrap();
            let encryption_key = w.orgs[i].public_key();
            w.exec(
                &owner,
                &ExecuteMsg::RegisterOrganisation {
                    id: id.clone(),
                    name: format!("{id} research cloud"),
                    admin: admin.to_string(),
                    encryption_key,
                },
            )
            .unwrap();
            w.exec(
                &admin,
                &ExecuteMsg::AddUser {
                    org: id.clone(),
                    user: user.to_string(),
                },
            )
            .unwrap();
            let public_key = w.orgs[i].agent_key();
            w.exec(
                &admin,
                &ExecuteMsg::RegisterAgent {
                    provider: id.clone(),
                    public_key,
                },
            )
            .unwrap();
            w.s.deposit(&operator, &format!("fund-{id}"), &user, FUNDS, false)
                .unwrap();
        }
        let loner = w.loner.clone();
        w.s.register_participant(&owner, &loner, "loner", vec![Role::CloudUser])
            .unwrap();
        w.s.deposit(&operator, "fund-loner", &loner, FUNDS, false)
            .unwrap();
        let now = w.s.now();
        for p in 0..3 {
            for c in 0..3 {
                if p != c {
                    w.set_quota(p, c, quota()).unwrap();
                }
            }
            w.publish(p, prices(p), now).unwrap();
        }
        w
    }

    pub fn id(&self, i: usize) -> String {
        self.orgs[i].id.clone()
    }

    pub fn admin(&self, i: usize) -> Addr {
        self.orgs[i].admin.clone()
    }

    pub fn user(&self, i: usize) -> Addr {
        self.orgs[i].user.clone()
    }

    // ------------------------------------------------------------------------------ actions

    pub fn exec(&mut self, sender: &Addr, msg: &ExecuteMsg) -> AnyResult<AppResponse> {
        self.s
            .app
            .execute_contract(sender.clone(), self.cloud.clone(), msg, &[])
    }

    /// Sends `amount` of the settlement token to the cloud contract with `hook`.
    pub fn send(
        &mut self,
        sender: &Addr,
        amount: u128,
        hook: &ReceiveMsg,
    ) -> AnyResult<AppResponse> {
        let (token, cloud) = (self.s.token.clone(), self.cloud.clone());
        self.s.cw20_send(&token, sender, &cloud, amount, hook)
    }

    pub fn set_quota(
        &mut self,
        provider: usize,
        consumer: usize,
        quota: Quota,
    ) -> AnyResult<AppResponse> {
        let msg = ExecuteMsg::SetQuota {
            provider: self.id(provider),
            consumer: self.id(consumer),
            quota,
        };
        self.exec(&self.admin(provider), &msg)
    }

    pub fn publish(
        &mut self,
        provider: usize,
        prices: Prices,
        effective_from: u64,
    ) -> AnyResult<AppResponse> {
        self.publish_list(provider, prices, vec![], effective_from)
    }

    /// [`World::publish`] with named instance types.
    pub fn publish_list(
        &mut self,
        provider: usize,
        prices: Prices,
        instance_types: Vec<InstanceType>,
        effective_from: u64,
    ) -> AnyResult<AppResponse> {
        let msg = ExecuteMsg::PublishPrices {
            provider: self.id(provider),
            prices,
            effective_from,
            instance_types,
        };
        self.exec(&self.admin(provider), &msg)
    }

    /// `sender` requests instance type `name` from `provider` for `holding` seconds,
    /// escrowing `escrow`.
    pub fn request_instance(
        &mut self,
        sender: &Addr,
        provider: usize,
        name: &str,
        holding: u64,
        escrow: u128,
    ) -> AnyResult<AppResponse> {
        let hook = ReceiveMsg::RequestLease {
            provider: self.id(provider),
            resources: None,
            instance_type: Some(name.to_string()),
            holding_seconds: holding,
            terms: None,
        };
        self.send(sender, escrow, &hook)
    }

    /// `sender` requests `res` from `provider` for `holding` seconds, escrowing `escrow`.
    pub fn request(
        &mut self,
        sender: &Addr,
        provider: usize,
        res: Resources,
        holding: u64,
        escrow: u128,
    ) -> AnyResult<AppResponse> {
        let hook = ReceiveMsg::RequestLease {
            provider: self.id(provider),
            resources: Some(res),
            instance_type: None,
            holding_seconds: holding,
            terms: None,
        };
        self.send(sender, escrow, &hook)
    }

    /// Organisation `consumer`'s user requests `res` from `provider`; the new lease's id.
    pub fn requested(
        &mut self,
        consumer: usize,
        provider: usize,
        res: Resources,
        holding: u64,
        escrow: u128,
    ) -> u64 {
        let user = self.user(consumer);
        let res = self.request(&user, provider, res, holding, escrow).unwrap();
        attr(&res, "lease_id").parse().unwrap()
    }

    /// [`World::requested`], then accepted by the provider.
    pub fn running(
        &mut self,
        consumer: usize,
        provider: usize,
        res: Resources,
        holding: u64,
        escrow: u128,
    ) -> u64 {
        let id = self.requested(consumer, provider, res, holding, escrow);
        self.accept(provider, id).unwrap();
        id
    }

    pub fn accept(&mut self, provider: usize, lease_id: u64) -> AnyResult<AppResponse> {
        self.exec(&self.admin(provider), &ExecuteMsg::AcceptLease { lease_id })
    }

    pub fn release(&mut self, sender: &Addr, lease_id: u64) -> AnyResult<AppResponse> {
        self.exec(sender, &ExecuteMsg::ReleaseLease { lease_id })
    }

    pub fn close(&mut self, sender: &Addr, lease_id: u64) -> AnyResult<AppResponse> {
        self.exec(sender, &ExecuteMsg::CloseLease { lease_id })
    }

    /// A usage record signed by `provider`'s agent for this chain and contract.
    pub fn usage(
        &self,
        provider: usize,
        lease_id: u64,
        sequence: u64,
        gb: u64,
        period: (u64, u64),
    ) -> SignedUsage {
        let mut record = SignedUsage {
            lease_id,
            sequence,
            gb,
            period_start: period.0,
            period_end: period.1,
            signature: Binary::default(),
        };
        let digest = usage::digest(&self.s.chain_id(), self.cloud.as_str(), &record);
        let sig: Signature = self.orgs[provider].agent.sign_prehash(&digest).unwrap();
        let sig = sig.normalize_s().unwrap_or(sig);
        record.signature = Binary::from(sig.to_bytes().to_vec());
        record
    }

    pub fn submit(&mut self, records: Vec<SignedUsage>) -> AnyResult<AppResponse> {
        let relay = self.s.addrs.gateway.clone();
        self.exec(&relay, &ExecuteMsg::SubmitUsage { records })
    }

    /// The context a lease's terms are sealed under in this world's contract.
    pub fn terms_context(&self, lease_id: u64) -> Context<'_> {
        Context::LeaseTerms {
            contract: self.cloud.as_str(),
            lease_id,
        }
    }

    /// Terms of `lease_id` sealed to both organisations of a lease, with the opening the
    /// parties keep.
    pub fn seal(
        &self,
        provider: usize,
        consumer: usize,
        lease_id: u64,
        text: &str,
    ) -> (SealedTerms, Opening) {
        let opening = Opening::new(text);
        let context = self.terms_context(lease_id);
        let to = |i: usize| {
            seal_field(&public_key_bytes(&self.orgs[i].key), &context, &opening).unwrap()
        };
        let (for_provider, commitment) = to(provider);
        let (for_consumer, _) = to(consumer);
        let terms = SealedTerms {
            for_provider: Binary::from(for_provider),
            for_consumer: Binary::from(for_consumer),
            commitment: HexBinary::from(commitment.to_vec()),
        };
        (terms, opening)
    }

    // ------------------------------------------------------------------------------ queries

    pub fn query<T: DeserializeOwned>(&self, msg: &QueryMsg) -> T {
        self.s
            .app
            .wrap()
            .query_wasm_smart(self.cloud.clone(), msg)
            .unwrap_or_else(|e| panic!("query {msg:?}: {e}"))
    }

    pub fn try_query<T: DeserializeOwned>(&self, msg: &QueryMsg) -> Option<T> {
        self.s
            .app
            .wrap()
            .query_wasm_smart(self.cloud.clone(), msg)
            .ok()
    }

    /// Asserts that `msg` is refused with `expected` (the multi-test querier carries the
    /// refusal as its text, so the typed error's text is compared).
    pub fn assert_query_refused(&self, msg: &QueryMsg, expected: ContractError) {
        let error = self
            .s
            .app
            .wrap()
            .query_wasm_smart::<cosmwasm_std::Empty>(self.cloud.clone(), msg)
            .expect_err("the query was answered");
        assert!(
            error.to_string().ends_with(&expected.to_string()),
            "{msg:?}: {error}, expected {expected}"
        );
    }

    pub fn lease(&self, lease_id: u64) -> Lease {
        self.query(&QueryMsg::Lease { lease_id })
    }

    pub fn bill(&self, lease_id: u64) -> Bill {
        self.query(&QueryMsg::Bill { lease_id })
    }

    pub fn leases(&self) -> Vec<Lease> {
        all(
            |start_after| {
                let r: LeasesResponse = self.query(&QueryMsg::Leases {
                    start_after,
                    limit: Some(3),
                });
                (r.leases, r.has_more)
            },
            |l: &Lease| l.id,
        )
    }

    /// A provider's bills (for one consumer, if given), every page, two at a time.
    pub fn provider_bills(&self, provider: usize, consumer: Option<usize>) -> Vec<Bill> {
        all(
            |start_after| {
                let r: BillsResponse = self.query(&QueryMsg::ProviderBills {
                    provider: self.id(provider),
                    consumer: consumer.map(|c| self.id(c)),
                    start_after,
                    limit: Some(2),
                });
                (r.bills, r.has_more)
            },
            cursor,
        )
    }

    pub fn consumer_bills(&self, consumer: usize) -> Vec<Bill> {
        all(
            |start_after| {
                let r: BillsResponse = self.query(&QueryMsg::ConsumerBills {
                    consumer: self.id(consumer),
                    start_after,
                    limit: Some(2),
                });
                (r.bills, r.has_more)
            },
            cursor,
        )
    }

    pub fn provider_totals(&self, provider: usize) -> BillTotals {
        self.query(&QueryMsg::ProviderTotals {
            provider: self.id(provider),
        })
    }

    pub fn consumer_totals(&self, consumer: usize) -> BillTotals {
        self.query(&QueryMsg::ConsumerTotals {
            consumer: self.id(consumer),
        })
    }

    pub fn quota_of(&self, provider: usize, consumer: usize) -> QuotaResponse {
        self.query(&QueryMsg::Quota {
            provider: self.id(provider),
            consumer: self.id(consumer),
        })
    }

    pub fn escrow(&self) -> EscrowTotals {
        self.query(&QueryMsg::EscrowTotals {})
    }

    pub fn balance(&self, address: &Addr) -> u128 {
        self.s.balance(address)
    }

    fn per_org<T>(&self, f: impl Fn(String) -> T) -> Vec<T> {
        (0..self.orgs.len()).map(|i| f(self.id(i))).collect()
    }

    /// Everything the cloud contract shows.
    pub fn cloud_snapshot(&self) -> CloudSnapshot {
        let leases = self.leases();
        CloudSnapshot {
            orgs: all(
                |start_after| {
                    let r: OrganisationsResponse = self.query(&QueryMsg::Organisations {
                        start_after,
                        limit: Some(2),
                    });
                    (r.organisations, r.has_more)
                },
                |o: &Organisation| o.id.clone(),
            ),
            users: self.per_org(|org| {
                all(
                    |start_after| {
                        let r: UsersResponse = self.query(&QueryMsg::Users {
                            org: org.clone(),
                            start_after,
                            limit: None,
                        });
                        (r.users, r.has_more)
                    },
                    |a: &Addr| a.to_string(),
                )
            }),
            quotas: self.per_org(|provider| {
                all(
                    |start_after| {
                        let r: QuotasResponse = self.query(&QueryMsg::Quotas {
                            provider: provider.clone(),
                            start_after,
                            limit: Some(1),
                        });
                        (r.quotas, r.has_more)
                    },
                    |q: &QuotaResponse| q.consumer.clone(),
                )
            }),
            prices: self.per_org(|provider| {
                all(
                    |start_after| {
                        let r: PriceVersionsResponse = self.query(&QueryMsg::PriceVersions {
                            provider: provider.clone(),
                            start_after,
                            limit: Some(1),
                        });
                        (r.versions, r.has_more)
                    },
                    |v: &PriceVersion| v.version,
                )
            }),
            current_prices: all(
                |start_after| {
                    let r: CurrentPricesResponse = self.query(&QueryMsg::CurrentPrices {
                        start_after,
                        limit: Some(2),
                    });
                    (r.prices, r.has_more)
                },
                |v: &PriceVersion| v.provider.clone(),
            ),
            open: self.per_org(|provider| {
                all(
                    |start_after| {
                        let r: LeasesResponse = self.query(&QueryMsg::OpenLeases {
                            provider: provider.clone(),
                            start_after,
                            limit: Some(2),
                        });
                        (r.leases, r.has_more)
                    },
                    |l: &Lease| l.id,
                )
            }),
            terms: leases
                .iter()
                .map(|l| self.try_query(&QueryMsg::Terms { lease_id: l.id }))
                .collect(),
            bills: (0..self.orgs.len())
                .flat_map(|p| self.provider_bills(p, None))
                .collect(),
            consumer_bills: (0..self.orgs.len())
                .map(|c| self.consumer_bills(c))
                .collect(),
            totals: (0..self.orgs.len())
                .map(|i| (self.provider_totals(i), self.consumer_totals(i)))
                .collect(),
            months: self.per_org(|provider| {
                let r: MonthlyTotalsResponse = self.query(&QueryMsg::MonthlyTotals {
                    provider,
                    start_after: None,
                    limit: None,
                });
                r.months
            }),
            held: {
                let r: HeldPayoutsResponse = self.query(&QueryMsg::HeldPayouts {
                    start_after: None,
                    limit: Some(100),
                });
                r.held
            },
            escrow: self.escrow(),
            pause: self.query(&QueryMsg::PauseStatus {}),
            balance: self.balance(&self.cloud),
            leases,
        }
    }

    pub fn snapshot(&self) -> (WorldSnapshot, CloudSnapshot) {
        (self.s.snapshot(), self.cloud_snapshot())
    }

    /// Runs an action that must fail with exactly `expected` and change nothing anywhere.
    pub fn assert_refused(
        &mut self,
        action: impl FnOnce(&mut World) -> AnyResult<AppResponse>,
        expected: ContractError,
    ) {
        let before = self.snapshot();
        let got: ContractError = err(action(self));
        assert_eq!(got, expected);
        let after = self.snapshot();
        assert_eq!(
            before.0, after.0,
            "a refused action changed another contract"
        );
        assert_eq!(
            before.1, after.1,
            "a refused action changed the cloud contract"
        );
    }

    /// Escrow is conserved: every token received is billed, refunded or still in escrow, the
    /// escrow is that of the open leases, and the contract's balance is exactly what it holds.
    pub fn assert_escrow_conserved(&self) {
        let e = self.escrow();
        assert_eq!(e.received, e.billed + e.refunded + e.in_escrow, "{e:?}");
        let open: Uint128 = self
            .leases()
            .iter()
            .filter(|l| l.status.is_open())
            .map(|l| l.escrow)
            .sum();
        assert_eq!(e.in_escrow, open, "escrow of open leases");
        assert_eq!(self.balance(&self.cloud), (e.in_escrow + e.held).u128());
    }
}
