//! The cloud-federation story on the localnet through the `ledger` binary: deploy (with the
//! cloud-federation contract), three organisations that each provide and consume, quotas and
//! price lists published, a price change while a lease runs (the lease keeps its version), a
//! request over quota refused with its code, a request rejected, leases released early by the
//! user and by the provider, a third party's close refused before the lease is due, bills equal
//! to amounts computed here from the resources, the prices and the seconds, each provider's
//! totals equal to the sum of its bills, the CSV export's totals row, and a pair's terms sealed
//! and opened with `ledger cloud terms` (each organisation's encryption key made by the CLI,
//! kept encrypted in the home and registered by name) that the third organisation cannot open,
//! and an instance type published and one lease requested by it, billed at the type's hourly
//! price.
//!
//! Needs the localnet (`localnet/start.sh`) and fresh contract artifacts (`make wasm`). The
//! parties are the localnet's test accounts: `admin` deploys and administers the registry,
//! `bank` mints the settlement token against deposits, `retailer` administers and uses `uni-a`,
//! `consumer1` `uni-b`, `consumer2` `uni-c`; `consumer3` belongs to none.
//!
//! ```sh
//! cargo test -p ledger-cli --test cloud_chain -- --ignored --test-threads=1
//! ```

use serde_json::Value;

mod support;

use support::{Cli, repo, u, wait_for_chain_time};

/// The time charge of a bill, computed here from the contract's documented rule
/// (`floor(seconds × rate / 3600)`, memory priced per GiB and held in MiB), independently of
/// the contract's own code.
fn expected_charge(resources: &Value, prices: &Value, seconds: u64) -> u64 {
    let n = |v: &Value, k: &str| u(&v[k]) as u128;
    let per_mib_hour_x1024 = n(resources, "vcpus") * n(prices, "per_vcpu_hour") * 1024
        + n(resources, "memory_mib") * n(prices, "per_memory_gib_hour")
        + n(resources, "disk_gib") * n(prices, "per_disk_gib_hour") * 1024
        + n(resources, "public_ips") * n(prices, "per_public_ip_hour") * 1024;
    (u128::from(seconds) * per_mib_hour_x1024 / (3600 * 1024)) as u64
}

/// The time charge of a lease requested as an instance type: `floor(seconds × per_hour /
/// 3600)`, the type's price for the whole instance.
fn expected_instance_charge(per_hour: u64, seconds: u64) -> u64 {
    (u128::from(seconds) * u128::from(per_hour) / 3600) as u64
}

impl Cli {
    /// Settlement-token balance (minor units) of a key's address.
    fn balance(&self, key: &str) -> u64 {
        u(&self.json(&["query", "balance", key])["balance"])
    }

    /// Requests a host; returns the lease id.
    fn request(&self, from: &str, provider: &str, vcpus: &str, memory: &str) -> u64 {
        let r = self.json(&[
            "cloud",
            "request",
            "--provider",
            provider,
            "--vcpus",
            vcpus,
            "--memory-mib",
            memory,
            "--disk-gib",
            "20",
            "--public-ips",
            "1",
            "--holding",
            "2h",
            "--from",
            from,
        ]);
        r["lease_id"].as_u64().unwrap()
    }

    /// A closed lease's bill, checked against the amount computed here.
    fn checked_bill(&self, lease_id: u64, reason: &str) -> Value {
        let lease = self.json(&["cloud", "lease", &lease_id.to_string()]);
        assert_eq!(lease["status"], "closed", "{lease}");
        let bills = self.json(&[
            "cloud",
            "bills",
            "--provider",
            lease["provider"].as_str().unwrap(),
        ]);
        let bill = bills
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["lease_id"].as_u64() == Some(lease_id))
            .unwrap_or_else(|| panic!("no bill for lease {lease_id}: {bills}"))
            .clone();
        let seconds = u(&bill["charged_until"]) - u(&bill["started_at"]);
        assert_eq!(u(&bill["seconds"]), seconds);
        let want = match lease["instance_type"]["per_hour"].as_u64() {
            Some(per_hour) => expected_instance_charge(per_hour, seconds),
            None => expected_charge(&lease["resources"], &lease["prices"], seconds),
        };
        assert_eq!(u(&bill["time_charge"]), want, "{bill}");
        assert_eq!(u(&bill["amount"]), want.min(u(&bill["escrow"])));
        assert_eq!(u(&bill["refund"]), u(&bill["escrow"]) - u(&bill["amount"]));
        assert_eq!(bill["reason"], reason);
        bill
    }
}

#[test]
#[ignore = "on the localnet: make chain-test"]
fn the_cloud_federation_story_through_the_cli() {
    let cli = Cli::new();
    for name in [
        "admin",
        "bank",
        "retailer",
        "consumer1",
        "consumer2",
        "consumer3",
    ] {
        cli.import(name);
    }

    // ------------------------------------------------------------------ deploy
    let artifacts = repo().join("artifacts");
    let deployment = cli.json(&[
        "deploy",
        "--from",
        "admin",
        "--artifacts",
        artifacts.to_str().unwrap(),
        // Leases that end within the story's minutes: the shortest lease 20 s, the least
        // prepaid time 10 s (an hour each by default).
        "--cloud-min-holding-seconds",
        "20",
        "--cloud-min-prepaid-seconds",
        "10",
    ]);
    let contract = deployment["contracts"]["cloud_federation"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(contract.starts_with("wasm1"), "{deployment}");
    assert!(deployment["code_ids"]["cloud_federation"].as_u64().unwrap() > 0);

    // ------------------------------------------------------------------ participants, money
    cli.ok(&[
        "admin",
        "participant",
        "add",
        "bank",
        "--name",
        "The Bank",
        "--role",
        "bank-operator",
        "--from",
        "admin",
    ]);
    let orgs = [
        ("uni-a", "University A", "retailer"),
        ("uni-b", "University B", "consumer1"),
        ("uni-c", "University C", "consumer2"),
    ];
    for (i, (_, name, who)) in orgs.iter().enumerate() {
        cli.ok(&[
            "admin",
            "participant",
            "add",
            who,
            "--name",
            name,
            "--role",
            "cloud-provider",
            "--role",
            "cloud-user",
            "--from",
            "admin",
        ]);
        cli.ok(&[
            "bank",
            "deposit",
            "--reference",
            &format!("cloud-{i}"),
            "--recipient",
            who,
            "--amount",
            "100",
            "--from",
            "bank",
        ]);
    }

    // ------------------------------------------------------------------ organisations
    // Each organisation's encryption key, made here and kept encrypted in the home; each is
    // registered by name.
    let mut public_keys = Vec::new();
    for (id, _, _) in &orgs {
        let made = cli.json(&["cloud", "terms", "new-key", "--name", id]);
        let shown = cli.json(&["cloud", "terms", "key", "--name", id]);
        assert_eq!(made["public_key"], shown["public_key"], "{made} {shown}");
        let file =
            std::fs::read_to_string(cli.path(&format!("encryption-keys/{id}.json"))).unwrap();
        assert!(file.contains(shown["public_key"].as_str().unwrap()));
        public_keys.push(shown["public_key"].as_str().unwrap().to_string());
    }
    let twice = cli.fails(&["cloud", "terms", "new-key", "--name", "uni-a"]);
    assert!(twice.contains("exists"), "{twice}");
    for (id, name, who) in &orgs {
        cli.ok(&[
            "cloud",
            "register-org",
            "--id",
            id,
            "--name",
            name,
            "--admin",
            who,
            "--encryption-key-from",
            id,
            "--from",
            "admin",
        ]);
        cli.ok(&[
            "cloud", "add-user", "--org", id, "--user", who, "--from", who,
        ]);
    }
    let listed = cli.json(&["cloud", "orgs"]);
    assert_eq!(listed.as_array().unwrap().len(), 3, "{listed}");
    for ((id, _, _), public) in orgs.iter().zip(&public_keys) {
        let org = cli.json(&["cloud", "org", id]);
        assert_eq!(
            org["encryption_key"].as_str(),
            Some(public.as_str()),
            "{org}"
        );
    }
    let not_admin = cli.fails(&[
        "cloud",
        "register-org",
        "--id",
        "uni-x",
        "--name",
        "X",
        "--admin",
        "consumer3",
        "--encryption-key",
        &public_keys[0],
        "--from",
        "consumer3",
    ]);
    assert!(
        not_admin.contains("[ledger:cloud.not_registry_admin]"),
        "{not_admin}"
    );

    // ------------------------------------------------------------------ quotas and prices
    // Each provider grants the two others 4 vCPUs and 8 GiB.
    let mut in_force = 0;
    for (provider, _, admin) in &orgs {
        for (consumer, _, _) in orgs.iter().filter(|(c, _, _)| c != provider) {
            cli.ok(&[
                "cloud",
                "set-quota",
                "--provider",
                provider,
                "--consumer",
                consumer,
                "--max-holding",
                "4h",
                "--vcpus",
                "4",
                "--memory-mib",
                "8192",
                "--disk-gib",
                "100",
                "--public-ips",
                "2",
                "--from",
                admin,
            ]);
        }
        let published = cli.json(&[
            "cloud",
            "publish-prices",
            "--provider",
            provider,
            "--vcpu-hour",
            "0.60",
            "--memory-gib-hour",
            "0.10",
            "--disk-gib-hour",
            "0.01",
            "--ip-hour",
            "0.05",
            "--from",
            admin,
        ]);
        in_force = in_force.max(u(&published["effective_from"]));
    }
    let quota = cli.json(&[
        "cloud",
        "quotas",
        "--provider",
        "uni-a",
        "--consumer",
        "uni-b",
    ]);
    assert_eq!(quota[0]["left"]["vcpus"], 4, "{quota}");
    // Prices come into force a few blocks after `now`.
    wait_for_chain_time(in_force, "the first price lists' effective date");
    let prices = cli.json(&["cloud", "prices"]);
    assert_eq!(prices.as_array().unwrap().len(), 3, "{prices}");
    assert!(cli.ok(&["cloud", "prices"]).contains("0.60"));

    // ------------------------------------------------------------------ leases
    // uni-b runs a host at uni-a; uni-a changes its prices while it runs.
    let before_b = cli.balance("consumer1");
    let l1 = cli.request("consumer1", "uni-a", "2", "4096");
    let lease = cli.json(&["cloud", "lease", &l1.to_string()]);
    assert_eq!(
        (lease["status"].as_str(), lease["price_version"].as_u64()),
        (Some("requested"), Some(1))
    );
    let escrow1 = u(&lease["escrow"]);
    // The whole holding period at v1: 2 h × (2×60 + 4×10 + 20×1 + 1×5) = 370.
    assert_eq!(escrow1, 370);
    assert_eq!(cli.balance("consumer1"), before_b - escrow1);
    cli.ok(&[
        "cloud",
        "accept",
        "--lease",
        &l1.to_string(),
        "--from",
        "retailer",
    ]);

    // Over quota: 3 more vCPUs on top of the 2 held is past 4; refused with its code.
    let over = cli.fails(&[
        "cloud",
        "request",
        "--provider",
        "uni-a",
        "--vcpus",
        "3",
        "--memory-mib",
        "1024",
        "--holding",
        "1h",
        "--from",
        "consumer1",
    ]);
    assert!(over.contains("[ledger:cloud.over_quota]"), "{over}");
    assert!(
        over.contains("hint: ") && over.contains("ledger cloud quotas"),
        "{over}"
    );
    // A holding period past the quota's maximum.
    let too_long = cli.fails(&[
        "cloud",
        "request",
        "--provider",
        "uni-a",
        "--vcpus",
        "1",
        "--memory-mib",
        "1024",
        "--holding",
        "5h",
        "--from",
        "consumer1",
    ]);
    assert!(
        too_long.contains("[ledger:cloud.holding_over_quota]"),
        "{too_long}"
    );

    let v2 = cli.json(&[
        "cloud",
        "publish-prices",
        "--provider",
        "uni-a",
        "--vcpu-hour",
        "1.20",
        "--memory-gib-hour",
        "0.20",
        "--disk-gib-hour",
        "0.02",
        "--ip-hour",
        "0.10",
        "--from",
        "retailer",
    ]);
    wait_for_chain_time(u(&v2["effective_from"]), "v2's effective date");
    let history = cli.json(&["cloud", "price-history", "--provider", "uni-a"]);
    assert_eq!(history.as_array().unwrap().len(), 2, "{history}");
    let lease = cli.json(&["cloud", "lease", &l1.to_string()]);
    assert_eq!(
        lease["price_version"], 1,
        "the running lease keeps its version"
    );
    assert_eq!(lease["prices"]["per_vcpu_hour"], 60);

    // uni-c's lease at uni-a takes v2; the provider releases it.
    let l2 = cli.request("consumer2", "uni-a", "1", "2048");
    assert_eq!(
        cli.json(&["cloud", "lease", &l2.to_string()])["price_version"],
        2
    );
    cli.ok(&[
        "cloud",
        "accept",
        "--lease",
        &l2.to_string(),
        "--from",
        "retailer",
    ]);

    // uni-a runs a host at uni-b and one at uni-c; uni-c rejects a request of uni-b.
    let l3 = cli.request("retailer", "uni-b", "2", "2048");
    cli.ok(&[
        "cloud",
        "accept",
        "--lease",
        &l3.to_string(),
        "--from",
        "consumer1",
    ]);
    let l4 = cli.request("retailer", "uni-c", "1", "1024");
    cli.ok(&[
        "cloud",
        "accept",
        "--lease",
        &l4.to_string(),
        "--from",
        "consumer2",
    ]);
    let l5 = cli.request("consumer1", "uni-c", "1", "1024");
    let before_reject = cli.balance("consumer1");
    cli.ok(&[
        "cloud",
        "reject",
        "--lease",
        &l5.to_string(),
        "--reason",
        "maintenance window",
        "--from",
        "consumer2",
    ]);
    let rejected = cli.json(&["cloud", "lease", &l5.to_string()]);
    assert_eq!(rejected["status"], "rejected");
    assert_eq!(
        cli.balance("consumer1"),
        before_reject + u(&rejected["escrow"]),
        "a rejected request is refunded in full"
    );

    // A third party may not close a lease before its holding period is over.
    let early = cli.fails(&[
        "cloud",
        "close",
        "--lease",
        &l3.to_string(),
        "--from",
        "consumer3",
    ]);
    assert!(
        early.contains("[ledger:cloud.lease_not_closable]"),
        "{early}"
    );
    // Nor release one it is no party of.
    let stranger = cli.fails(&[
        "cloud",
        "release",
        "--lease",
        &l3.to_string(),
        "--from",
        "consumer3",
    ]);
    assert!(
        stranger.contains("[ledger:cloud.not_lease_party]"),
        "{stranger}"
    );
    // Nor accept one as anyone but its provider.
    let not_provider = cli.fails(&[
        "cloud",
        "accept",
        "--lease",
        &l1.to_string(),
        "--from",
        "consumer2",
    ]);
    assert!(not_provider.contains("[ledger:cloud."), "{not_provider}");

    // ------------------------------------------------------------------ sealed terms
    let l1s = l1.to_string();
    let none_yet = cli.fails(&["cloud", "terms", "open", "--lease", &l1s, "--key", "uni-a"]);
    assert!(
        none_yet.contains("[ledger:cloud_terms.none_stored]"),
        "{none_yet}"
    );
    let terms = "host gpu-07.uni-a.example, 10.0.4.17, ssh key fingerprint SHA256:q2x...";
    let sealed = cli.json(&[
        "cloud",
        "terms",
        "seal",
        "--lease",
        &l1s,
        "--text",
        terms,
        "--from",
        "consumer1",
    ]);
    assert_eq!(sealed["revision"], 1, "{sealed}");
    // Both organisations of the lease open the same terms, checked against the commitment.
    for (key, side) in [("uni-a", "provider"), ("uni-b", "consumer")] {
        let opened = cli.json(&["cloud", "terms", "open", "--lease", &l1s, "--key", key]);
        assert_eq!(opened["terms"], terms, "{opened}");
        assert_eq!(opened["org"], key);
        assert_eq!(opened["side"], side);
        assert_eq!(opened["commitment_verified"], true);
        assert_eq!(opened["commitment"], sealed["commitment"]);
        assert_eq!(opened["sealed_by"], cli.address("consumer1"));
    }
    let table = cli.ok(&["cloud", "terms", "open", "--lease", &l1s, "--key", "uni-b"]);
    assert!(table.contains("10.0.4.17"), "{table}");
    // The third organisation holds neither key: the terms stay shut to it.
    let third = cli.fails(&["cloud", "terms", "open", "--lease", &l1s, "--key", "uni-c"]);
    assert!(
        third.contains("[ledger:cloud_terms.not_a_party]") && !third.contains("gpu-07"),
        "{third}"
    );
    // Nor may it store terms for the pair.
    let stranger_seal = cli.fails(&[
        "cloud",
        "terms",
        "seal",
        "--lease",
        &l1s,
        "--text",
        "x",
        "--from",
        "consumer2",
    ]);
    assert!(
        stranger_seal.contains("[ledger:cloud.not_lease_party]"),
        "{stranger_seal}"
    );
    // What the chain shows of the lease holds no plaintext.
    let raw = cli.ok(&["cloud", "lease", &l1s, "-o", "json"]);
    assert!(!raw.contains("gpu-07") && !raw.contains("10.0.4.17"));

    // ------------------------------------------------------------------ releases and bills
    cli.ok(&[
        "cloud",
        "release",
        "--lease",
        &l1.to_string(),
        "--from",
        "consumer1",
    ]);
    cli.ok(&[
        "cloud",
        "release",
        "--lease",
        &l2.to_string(),
        "--from",
        "retailer",
    ]);
    cli.ok(&[
        "cloud",
        "release",
        "--lease",
        &l3.to_string(),
        "--from",
        "retailer",
    ]);
    cli.ok(&[
        "cloud",
        "release",
        "--lease",
        &l4.to_string(),
        "--from",
        "consumer2",
    ]);
    let b1 = cli.checked_bill(l1, "released_by_user");
    assert_eq!(b1["price_version"], 1);
    let b2 = cli.checked_bill(l2, "released_by_provider");
    assert_eq!(b2["price_version"], 2);
    let b3 = cli.checked_bill(l3, "released_by_user");
    // consumer1 is uni-b's user (it paid lease 1) and its payout address (paid for lease 3).
    assert_eq!(
        cli.balance("consumer1") + u(&b1["amount"]),
        before_b + u(&b3["amount"]),
        "uni-b paid exactly its bill and was paid exactly its provider's bill"
    );
    cli.checked_bill(l4, "released_by_provider");
    let twice = cli.fails(&[
        "cloud",
        "release",
        "--lease",
        &l1.to_string(),
        "--from",
        "consumer1",
    ]);
    assert!(
        twice.contains("[ledger:cloud.lease_not_"),
        "no lease is billed twice: {twice}"
    );

    // ------------------------------------------------------------------ closed by anyone
    // uni-c runs two hosts at uni-b: one held for 20 s with a whole token in escrow, one held
    // for an hour with 2 minor units in escrow (185 an hour: used up after 39 s).
    let short = |holding: &str, escrow: &str| {
        let r = cli.json(&[
            "cloud",
            "request",
            "--provider",
            "uni-b",
            "--vcpus",
            "2",
            "--memory-mib",
            "4096",
            "--disk-gib",
            "20",
            "--public-ips",
            "1",
            "--holding",
            holding,
            "--escrow",
            escrow,
            "--from",
            "consumer2",
        ]);
        let id = r["lease_id"].as_u64().unwrap();
        cli.ok(&[
            "cloud",
            "accept",
            "--lease",
            &id.to_string(),
            "--from",
            "consumer1",
        ]);
        id
    };
    let held = short("20s", "1.00");
    let starved = short("1h", "0.02");
    let too_short = cli.fails(&[
        "cloud",
        "request",
        "--provider",
        "uni-b",
        "--vcpus",
        "1",
        "--memory-mib",
        "1024",
        "--holding",
        "19s",
        "--from",
        "consumer2",
    ]);
    assert!(
        too_short.contains("[ledger:cloud.holding_too_short]"),
        "the deployment's shortest lease holds: {too_short}"
    );
    // The starved lease's 2 units last 38.9 s at 185 an hour; both are over by 40 s.
    let started = |id: u64| u(&cli.json(&["cloud", "lease", &id.to_string()])["started_at"]);
    wait_for_chain_time(
        started(held).max(started(starved)) + 40,
        "the end of both short leases",
    );
    // consumer3 is no party of either lease.
    for id in [held, starved] {
        cli.ok(&[
            "cloud",
            "close",
            "--lease",
            &id.to_string(),
            "--from",
            "consumer3",
        ]);
    }
    let over = cli.checked_bill(held, "holding_period_over");
    assert_eq!(
        u(&over["seconds"]),
        20,
        "charged to the holding period's end, not to the close: {over}"
    );
    let exhausted = cli.checked_bill(starved, "funds_exhausted");
    assert_eq!(u(&exhausted["amount"]), 2, "the whole escrow: {exhausted}");
    assert_eq!(u(&exhausted["refund"]), 0, "{exhausted}");

    // ------------------------------------------------------------------ an instance type
    // uni-b sells a named instance type beside its unit prices (a list naming one type twice
    // is refused with its code); uni-c asks for one by name, held 20 s and closed by anyone.
    let publish_b = |instances: &[&'static str]| -> Vec<&'static str> {
        let mut args = vec![
            "cloud",
            "publish-prices",
            "--provider",
            "uni-b",
            "--vcpu-hour",
            "0.60",
            "--memory-gib-hour",
            "0.10",
            "--disk-gib-hour",
            "0.01",
            "--ip-hour",
            "0.05",
            "--from",
            "consumer1",
        ];
        for instance in instances {
            args.extend(["--instance", *instance]);
        }
        args
    };
    let twice = cli.fails(&publish_b(&[
        "s1.small:1:1024:10=55.55",
        "s1.small:2:2048:10=1",
    ]));
    assert!(
        twice.contains("[ledger:cloud.duplicate_instance_type]"),
        "{twice}"
    );
    let typed_prices = cli.json(&publish_b(&["s1.small:1:1024:10=55.55"]));
    wait_for_chain_time(
        u(&typed_prices["effective_from"]),
        "the instance types' effective date",
    );
    assert!(cli.ok(&["cloud", "prices"]).contains("s1.small"));
    let asked = cli.json(&[
        "cloud",
        "request",
        "--provider",
        "uni-b",
        "--instance",
        "s1.small",
        "--holding",
        "20s",
        "--from",
        "consumer2",
    ]);
    assert_eq!(asked["instance_type"], "s1.small", "{asked}");
    let typed = asked["lease_id"].as_u64().unwrap();
    let lease = cli.json(&["cloud", "lease", &typed.to_string()]);
    assert_eq!(
        (
            lease["resources"]["vcpus"].as_u64(),
            lease["resources"]["memory_mib"].as_u64(),
            lease["resources"]["disk_gib"].as_u64()
        ),
        (Some(1), Some(1024), Some(10)),
        "{lease}"
    );
    assert_eq!(lease["instance_type"]["per_hour"], 5555, "{lease}");
    // The whole holding period at the type's price: floor(20 × 5555 / 3600) = 30.
    assert_eq!(u(&lease["escrow"]), expected_instance_charge(5555, 20));
    assert_eq!(u(&lease["escrow"]), 30);
    cli.ok(&[
        "cloud",
        "accept",
        "--lease",
        &typed.to_string(),
        "--from",
        "consumer1",
    ]);
    wait_for_chain_time(
        u(&cli.json(&["cloud", "lease", &typed.to_string()])["started_at"]) + 20,
        "the typed lease's holding period",
    );
    cli.ok(&[
        "cloud",
        "close",
        "--lease",
        &typed.to_string(),
        "--from",
        "consumer3",
    ]);
    let by_type = cli.checked_bill(typed, "holding_period_over");
    assert_eq!(by_type["instance_type"], "s1.small", "{by_type}");
    assert_eq!(u(&by_type["seconds"]), 20, "{by_type}");
    assert_eq!(u(&by_type["amount"]), 30, "{by_type}");

    // ------------------------------------------------------------------ totals and export
    for (provider, _, _) in &orgs {
        let bills = cli.json(&["cloud", "bills", "--provider", provider]);
        let sum: u64 = bills
            .as_array()
            .unwrap()
            .iter()
            .map(|b| u(&b["amount"]))
            .sum();
        let totals = cli.json(&["cloud", "totals", "--provider", provider]);
        assert_eq!(u(&totals["amount"]), sum, "{provider}: {totals}");
        assert_eq!(u(&totals["bills"]), bills.as_array().unwrap().len() as u64);
    }
    let uni_a = cli.json(&["cloud", "totals", "--provider", "uni-a"]);
    assert_eq!(u(&uni_a["bills"]), 2);
    assert_eq!(u(&uni_a["amount"]), u(&b1["amount"]) + u(&b2["amount"]));
    let consumer_b = cli.json(&["cloud", "bills", "--consumer", "uni-b"]);
    assert_eq!(consumer_b.as_array().unwrap().len(), 1, "{consumer_b}");

    let csv = cli.path("uni-a-bills.csv");
    let exported = cli.json(&[
        "cloud",
        "bills",
        "export",
        "--provider",
        "uni-a",
        "--format",
        "csv",
        "--out",
        csv.to_str().unwrap(),
    ]);
    assert_eq!(exported["bills"], 2);
    let text = std::fs::read_to_string(&csv).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    assert_eq!(header[5], "instance type", "{text}");
    assert_eq!(header[11], "amount", "{text}");
    let total_line = text.lines().last().unwrap();
    let cells: Vec<&str> = total_line.split(',').collect();
    assert_eq!(cells[0], "total");
    let amount = u(&uni_a["amount"]);
    assert_eq!(
        cells[11],
        format!("{}.{:02}", amount / 100, amount % 100),
        "{text}"
    );
    let xlsx = cli.path("uni-a-bills.xlsx");
    cli.ok(&[
        "cloud",
        "bills",
        "export",
        "--provider",
        "uni-a",
        "--out",
        xlsx.to_str().unwrap(),
    ]);
    assert!(xlsx.is_file());
}
