//! Errors as the user reads them (one line, causes in order) and the contract refusal codes
//! commands decide on.

use std::fmt;

/// The exit status of a command whose transaction landed but whose contract refused part of
/// what it carried (`ledger meter submit` with some readings refused): neither success (0) nor
/// failure (1), so that a script resubmits only what was refused.
pub const PARTLY_REFUSED_EXIT: u8 = 3;

/// A submission the chain stored only in part; the refused readings and their codes are in
/// the command's output.
#[derive(Debug)]
pub struct PartlyRefused {
    pub submitted: usize,
    pub accepted: u32,
    pub refused: usize,
}

impl fmt::Display for PartlyRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} of the {} readings were refused (listed above with their codes) and {} stored; \
             resubmit only the refused ones once put right",
            self.refused, self.submitted, self.accepted
        )
    }
}

impl std::error::Error for PartlyRefused {}

/// An error and its causes on one line, outermost first, without repeating a cause that its
/// context already quotes.
pub fn error_text(error: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in error.chain() {
        let part = cause.to_string();
        if text.contains(&part) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&part);
    }
    text
}

/// The stable code of the contract refusal behind `error`, if a contract refused (see
/// `ledger_types::error_code`): what commands decide on, never the words.
pub fn error_code(error: &anyhow::Error) -> Option<String> {
    let refusal = error.chain().find_map(|cause| {
        if let Some(client) = cause.downcast_ref::<ledger_client::ClientError>() {
            return Some(client.contract_code());
        }
        cause
            .downcast_ref::<ledger_sdk::Error>()
            .map(ledger_sdk::Error::contract_code)
    });
    match refusal {
        Some(code) => code.map(str::to_string),
        // A refusal carried on as text keeps its code in it.
        None => ledger_types::error_code::code_in(&error_text(error)).map(str::to_string),
    }
}

/// What `ledger` prints for a failed command: `error: ` and [`error_text`], then, when the
/// refusal's code has a known remedy, `hint: ` and the remedy on a line of its own.
pub fn error_report(error: &anyhow::Error) -> String {
    let text = format!("error: {}", error_text(error));
    match error_code(error).as_deref().and_then(fix_hint) {
        Some(hint) => format!("{text}\nhint: {hint}"),
        None => text,
    }
}

/// How to get past a refusal, by its code, where the refusal's words name the problem but not
/// the remedy. A region's refusal of a meter registration leaves the meter registered on the
/// main chain and the registration in the router's outbox, so the remedy is to put the region
/// right and send that packet again.
pub fn fix_hint(code: &str) -> Option<&'static str> {
    use ledger_types::region_endpoint::codes;
    if let Some(hint) = cloud_hint(code)
        .or_else(|| park_hint(code))
        .or_else(|| certificates_hint(code))
        .or_else(|| footprints_hint(code))
        .or_else(|| credits_hint(code))
    {
        return Some(hint);
    }
    Some(match code {
        codes::UNKNOWN_TARIFF => {
            "create the tariff in the meter's region (`ledger tariff create --file <tariff.json> \
             --region <region>`), then send the registration again: find its packet with \
             `ledger region outbox` and run `ledger region retry <id>`"
        }
        codes::TARIFF_OF_ANOTHER_RETAILER => {
            "a meter goes only on a tariff of its own retailer: have the region's administrator \
             name the meter's retailer as the tariff's owner (`ledger tariff set-owner --tariff \
             <id> --owner <retailer> --region <region>`), then send the registration again \
             (`ledger region outbox`, `ledger region retry <id>`)"
        }
        codes::TARIFF_NOT_IN_FORCE => {
            "the tariff's first version takes effect later: once it does, send the registration \
             again (`ledger region outbox`, `ledger region retry <id>`)"
        }
        codes::METER_CONTRACT_PAUSED => {
            "resume the consumer's meter contract in the region (`ledger admin unpause --contract \
             meter --meter <another of the consumer's meters>`), then send the registration \
             again (`ledger region outbox`, `ledger region retry <id>`)"
        }
        codes::INVALID_PUBKEY | codes::INVALID_RETAILER | codes::INVALID_CONSUMER => {
            "the registration itself cannot be applied in the region: retire the meter \
             (`ledger admin meter set-status`) and register the meter under a new id with a \
             valid key, retailer and owner"
        }
        codes::METER_EXISTS => {
            "the region already holds a meter under this id: retire the meter on the main \
             chain (`ledger admin meter set-status`) and register it under another id"
        }
        _ => return None,
    })
}

/// How to get past the cloud-federation refusals a provider or a user meets in its daily
/// work: the refusal names the limit or the state, the hint the command that puts it right.
fn cloud_hint(code: &str) -> Option<&'static str> {
    use ledger_types::cloud::codes;
    Some(match code {
        codes::OVER_QUOTA | codes::HOLDING_OVER_QUOTA => {
            "see what is left with `ledger cloud quotas --provider <P> --consumer <your org>`: \
             ask for less, release a lease you no longer need (`ledger cloud release --lease \
             <id>`), or ask the provider to raise the quota"
        }
        codes::NO_QUOTA => {
            "the provider grants your organisation nothing yet: its administrator sets a quota \
             with `ledger cloud set-quota --provider <P> --consumer <your org> ...`"
        }
        codes::NO_PRICES => {
            "the provider has no price list in force yet: see `ledger cloud prices`; its \
             administrator publishes one with `ledger cloud publish-prices`"
        }
        codes::UNKNOWN_INSTANCE_TYPE => {
            "see the instance types the provider sells now with `ledger cloud prices`, or ask \
             by resources (`ledger cloud request --vcpus <n> --memory-mib <m> ...`)"
        }
        codes::TOO_MANY_INSTANCE_TYPES
        | codes::INVALID_INSTANCE_NAME
        | codes::DUPLICATE_INSTANCE_TYPE
        | codes::EMPTY_INSTANCE_TYPE => {
            "give at most 32 `--instance NAME:VCPUS:MEMORY_MIB:DISK_GIB[:IPS[:GPUS]]=PRICE` to \
             `ledger cloud publish-prices`, each under its own name of letters, digits, '-', \
             '_', '.', with at least one vCPU and some memory"
        }
        codes::ESCROW_TOO_SMALL => {
            "send more: leave out --escrow to escrow the whole holding period at the prices in \
             force, or see them with `ledger cloud prices`"
        }
        codes::NOT_A_MEMBER | codes::NOT_A_USER => {
            "the sender is not a user of the organisation: its administrator adds it with \
             `ledger cloud add-user --org <org> --user <address>` (see `ledger cloud users \
             --org <org>`)"
        }
        codes::NOT_CLOUD_USER => {
            "the registry's administrator adds the role, keeping the others it holds: `ledger \
             admin participant set-roles <address> --role cloud-user --role <its other roles>`"
        }
        codes::NOT_CLOUD_PROVIDER => {
            "the registry's administrator adds the role, keeping the others it holds: `ledger \
             admin participant set-roles <address> --role cloud-provider --role <its other roles>`"
        }
        codes::NOT_ORGANISATION_ADMIN => {
            "sign with the organisation's administrator key (see `ledger cloud org <org>`)"
        }
        codes::NOT_LEASE_PARTY => {
            "only the lease's payer, a user or the administrator of its consumer organisation, \
             or its provider's administrator may do this (see `ledger cloud lease <id>`)"
        }
        codes::LEASE_NOT_ACCEPTED => {
            "the lease waits for its provider: its administrator accepts it (`ledger cloud accept \
             --lease <id>`) or rejects it (`ledger cloud reject`); the consumer may withdraw it \
             (`ledger cloud release --lease <id>`)"
        }
        codes::LEASE_NOT_RUNNING | codes::LEASE_NOT_OPEN | codes::LEASE_NOT_REQUESTED => {
            "see where the lease stands with `ledger cloud lease <id>`: a closed lease already \
             has its bill, a requested one waits for the provider's `accept` or `reject`"
        }
        codes::LEASE_NOT_CLOSABLE => {
            "anyone may close a lease only once its holding period is over or its escrow is \
             used up: `ledger cloud lease <id>` says when; until then its parties `release` it"
        }
        codes::PRICE_VERSION_PENDING => {
            "one price list already waits for its date: publish the next one after it takes \
             effect (see `ledger cloud price-history --provider <P>`)"
        }
        codes::EFFECTIVE_IN_PAST | codes::EFFECTIVE_NOT_AFTER_LATEST => {
            "give --effective-from now or later, after the latest version's date (see `ledger \
             cloud price-history --provider <P>`)"
        }
        _ => return None,
    })
}

/// How to get past the park market's refusals: most are about where a slot stands, so the
/// hint names the query that says when the next step may be taken.
fn park_hint(code: &str) -> Option<&'static str> {
    use ledger_types::park::codes;
    Some(match code {
        codes::GATE_CLOSED => {
            "the slot's gate has closed: order in a later slot (`--slot next`, or see `ledger \
             park config` for the slot open now)"
        }
        codes::SLOT_TOO_FAR => {
            "orders reach at most a week of slots ahead: see `ledger park config` for the slot \
             open now"
        }
        codes::SLOT_FULL => {
            "the slot holds the most orders it may: order in another slot, or cancel one of \
             yours (`ledger park book --slot <N>`, `ledger park cancel --order <id>`)"
        }
        codes::GATE_OPEN => {
            "a slot is cleared only once its gate has closed: `ledger park slot <N>` says when"
        }
        codes::NOT_SETTLEABLE => {
            "an offer is settled once its slot has ended and the settlement delay has passed \
             (see `ledger park config`), so that its meter's readings are in: try again then"
        }
        codes::SLOT_NOT_CLEARED => {
            "clear the slot first (`ledger park clear --slot <N>`; anyone may once its gate has \
             closed), then settle"
        }
        codes::UNKNOWN_GENERATOR => {
            "the meter is not a generation meter of the market: the registry's administrator \
             registers it with `ledger park generator register --meter <id> --energy-type <type> \
             --carbon <g/kWh>`"
        }
        codes::NOT_GENERATOR_OWNER => {
            "only the generation meter's owner offers its energy: sign with the owner's key (see \
             `ledger park generator <meter>`)"
        }
        codes::NOT_A_PARTICIPANT => {
            "the registry's administrator adds the address first: `ledger admin participant add \
             <address> --name <name> --role consumer`"
        }
        codes::NOT_REGISTRY_ADMIN => "sign with the registry administrator's key",
        codes::WRONG_ESCROW | codes::WRONG_TOKEN => {
            "post bids with `ledger park bid`, which sends exactly the bid's escrow in the \
             settlement token"
        }
        codes::NOT_ORDER_OWNER => {
            "only the order's owner cancels it: sign with its key (see `ledger park book --slot \
             <N>`)"
        }
        codes::UNKNOWN_ORDER => {
            "no such order (or it was cancelled): see `ledger park book --slot <N>`"
        }
        codes::ALREADY_SETTLED | codes::SLOT_CLEARED => {
            "nothing left to do: see `ledger park fills --slot <N>` for what was settled and paid"
        }
        codes::NOTHING_HELD | codes::STILL_BARRED => {
            "what is held is paid once its owner is neither blacklisted nor suspended: see \
             `ledger query participant <owner>`"
        }
        codes::EMPTY_SLOT => "the slot has no orders, so there is nothing to clear",
        _ => return None,
    })
}

/// How to get past the green certificates' refusals: who may act on a certificate, and when
/// a generator's unsold output may be certified.
fn certificates_hint(code: &str) -> Option<&'static str> {
    use ledger_types::park::codes::certificates as codes;
    Some(match code {
        codes::UNKNOWN_CERTIFICATE => {
            "no such certificate: see the owner's with `ledger park certificates list --owner \
             <addr>`"
        }
        codes::NOT_OWNER => {
            "only the certificate's owner transfers or claims it: sign with its key (see `ledger \
             park certificates show <id>`)"
        }
        codes::CLAIMED => {
            "a claimed certificate is retired for good: see for whom with `ledger park \
             certificates show <id>`"
        }
        codes::EXPIRED => {
            "an expired certificate can be neither transferred nor claimed: see `ledger park \
             certificates show <id>` for when it expired"
        }
        codes::TRANSFER_TO_SELF => "the certificate is the recipient's already: give another --to",
        codes::NOT_A_PARTICIPANT => {
            "certificates go to registered participants only: the registry's administrator adds \
             the recipient first (`ledger admin participant add <address> --name <name> --role \
             consumer`)"
        }
        codes::TOO_EARLY => {
            "an hour's unsold output is certified once its trades have had time to be settled: \
             `ledger park certificates config` says how long after the hour; try again then"
        }
        codes::NOTHING_TO_CERTIFY => {
            "every Wh the meter signed for in the hour is certified already: see `ledger park \
             certificates meter-hour --meter <id> --hour <time>`"
        }
        codes::UNKNOWN_GENERATOR => {
            "the meter is not a generation meter of the market: the registry's administrator \
             registers it with `ledger park generator register --meter <id> --energy-type <type> \
             --carbon <g/kWh>`"
        }
        codes::NOT_GENERATOR_OWNER => {
            "only the generation meter's owner certifies its unsold output: sign with the owner's \
             key (see `ledger park generator <meter>`)"
        }
        codes::INVALID_CLAIM_TEXT | codes::INVALID_PERIOD => {
            "give `ledger park certificates claim` a --beneficiary of at most 128 bytes, a \
             --purpose of at most 256, and a --period-to after --period-from"
        }
        _ => return None,
    })
}

/// How to get past the footprints' refusals and the client's own reading of a PACT document:
/// most are about which product, version or company a footprint belongs to, so the hint names
/// the query that shows it.
fn footprints_hint(code: &str) -> Option<&'static str> {
    use ledger_sdk::contracts::park::pact::codes as pact;
    use ledger_types::park::codes::footprints as codes;
    Some(match code {
        codes::UNKNOWN_PRODUCT => {
            "no footprint of that product: see a company's products with `ledger park \
             footprints products <company>`"
        }
        codes::UNKNOWN_VERSION => {
            "no such version of the product's footprint: see them with `ledger park footprints \
             versions <product>`"
        }
        codes::NOT_DECLARING_COMPANY => {
            "only the company that published a product's first footprint publishes its later \
             versions: sign with its key (see `ledger park footprints show <product>`), or \
             publish under a product id of your own"
        }
        codes::DUPLICATE_PF_ID => {
            "every footprint has its own PACT id: give the new version's document a new `id` \
             (a lower-case UUID), then publish it"
        }
        codes::INVALID_PF_ID => {
            "the document's `id` must be a lower-case UUID (8-4-4-4-12 hex digits)"
        }
        codes::PRODUCT_ID_NOT_LISTED => "--product-id must be one of the document's `productIds`",
        codes::INVALID_DOCUMENT_HASH => {
            "publish with `ledger park footprints publish`, which hashes the document itself"
        }
        codes::NOT_A_PARTICIPANT => {
            "the registry's administrator adds the company first: `ledger admin participant add \
             <address> --name <name> --role consumer`"
        }
        codes::NOT_REGISTRY_ADMIN => "sign with the registry administrator's key",
        codes::DUPLICATE_INPUT
        | codes::SELF_INPUT
        | codes::ZERO_INPUT_AMOUNT
        | codes::TOO_MANY_INPUTS => {
            "give each input once, with `--input PRODUCT@VERSION=AMOUNT` (an amount above \
             zero, at most 16 inputs, never the product itself)"
        }
        codes::INVALID_REFERENCE_PERIOD => {
            "the document's pcf.referencePeriodEnd must come after pcf.referencePeriodStart"
        }
        pact::PROCESS_EMISSIONS_NEEDED => {
            "add `--process-emissions <kgCO2e per declared unit>`: your own share, without the \
             inputs'"
        }
        pact::TOO_PRECISE => {
            "the ledger keeps emissions and amounts to six decimals and ratings to three: round \
             the value in the document (and publish the document you rounded)"
        }
        pact::INVALID_DECIMAL | pact::NEGATIVE | pact::OVERFLOW | pact::WRONG_TYPE => {
            "PACT writes quantities as decimal strings such as \"2.318\": correct the field the \
             error names"
        }
        _ => return None,
    })
}

/// How to get past the carbon-credit registry's refusals a holder, an issuer or a verifier
/// meets: the refusal names the batch or the rule, the hint the query or the key that puts it
/// right.
fn credits_hint(code: &str) -> Option<&'static str> {
    use ledger_types::park::codes::credits as codes;
    Some(match code {
        codes::SERIAL_OVERLAP => {
            "the range overlaps the batch the message names: see its range with `ledger park \
            credits batch <id>` (or `ledger park credits serial --standard <S> <N>`) and propose \
            serials past it"
        }
        codes::NOT_A_VERIFIER => {
            "only a verifier of the class's standard signs batches off: see them with `ledger park \
            credits verifiers --standard <S>`; the registry's administrator adds one with `ledger \
            park credits add-verifier --standard <S> <address>`"
        }
        codes::SELF_VERIFICATION => {
            "a batch needs a third party's sign-off: sign with a verifier who neither proposed the \
            batch nor issues for or administers its class"
        }
        codes::INSUFFICIENT_CREDITS => {
            "see what the sender holds with `ledger park credits balances <holder>`; credits in an \
            open sell order are not tradable until it is withdrawn (`ledger park credits \
            cancel-order <id>`)"
        }
        codes::WRONG_PAYMENT | codes::WRONG_TOKEN => {
            "buy with `ledger park credits buy <order> <amount>`, which sends exactly amount × the \
            order's price in the settlement token"
        }
        codes::ORDER_SHORT => {
            "the order holds fewer credits: see what remains with `ledger park credits orders`"
        }
        codes::UNKNOWN_ORDER => {
            "no open sell order with that id (bought out or withdrawn): see `ledger park credits \
            orders`"
        }
        codes::NOT_METER_OWNER => {
            "a consumption claim names a meter of the holder, or of the address given as \
            --on-behalf-of: see the meter's owner with `ledger query meter <id>`"
        }
        codes::NOT_PRODUCT_COMPANY => {
            "a product claim names a product declared by the holder, or by the address given as \
            --on-behalf-of: give the declaring company's address as --on-behalf-of"
        }
        codes::UNKNOWN_FOOTPRINT => {
            "the footprints contract has no such product version: check --product PRODUCT@VERSION \
            against the product's published versions"
        }
        codes::NO_FOOTPRINTS => {
            "this credits contract was deployed without a footprints contract, so it takes no \
            product claims: retire without --product (`ledger park credits config` shows it)"
        }
        codes::NOT_AN_ISSUER => {
            "only an issuer of the class does this: see them with `ledger park credits class \
            <id>`; the class's administrator adds one with `ledger park credits update-issuers \
            <class> --add <address>`"
        }
        codes::NOT_CLASS_ADMIN => {
            "only the class's administrator manages its issuers: see who with `ledger park credits \
            class <id>`"
        }
        codes::NOT_REGISTRY_ADMIN => "sign with the registry administrator's key",
        codes::ISSUANCE_MISMATCH => {
            "the --to shares (tradable and retired) must add up to the number of serials in \
            --serials, one credit per serial"
        }
        codes::MISSING_RETIREMENT => {
            "shares retired at issuance need --beneficiary, --jurisdiction and --reason"
        }
        codes::NOT_PROPOSED | codes::NOT_ISSUED => {
            "see where the batch stands with `ledger park credits batch <id>`"
        }
        codes::NOT_A_PARTICIPANT => {
            "the registry's administrator adds the address first: `ledger admin participant add \
            <address> --name <name> --role consumer`"
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_is_read_from_the_client_error_or_the_text() {
        let refusal = ledger_client::ClientError::Contract {
            message: "[ledger:draft.bank_record_not_found] no bank record S-1".to_string(),
        };
        let error = anyhow::Error::new(refusal).context("looking up S-1");
        assert_eq!(
            error_code(&error).as_deref(),
            Some("draft.bank_record_not_found")
        );
        let text = anyhow::anyhow!("[ledger:common.paused] the contract is paused");
        assert_eq!(error_code(&text).as_deref(), Some("common.paused"));
        assert_eq!(error_code(&anyhow::anyhow!("node unreachable")), None);
    }

    #[test]
    fn a_region_s_refusal_of_a_meter_is_reported_with_its_code_and_a_remedy() {
        let refused = ledger_sdk::Error::MeterRefused {
            meter_id: "m-1".to_string(),
            region: "region-1".to_string(),
            code: "region_endpoint.tariff_of_another_retailer".to_string(),
            message: "tariff flat belongs to wasm1rival, not to the meter's retailer".to_string(),
        };
        let error = anyhow::Error::new(refused).context("reading meter m-1");
        assert_eq!(
            error_code(&error).as_deref(),
            Some("region_endpoint.tariff_of_another_retailer")
        );
        let report = error_report(&error);
        let (first, hint) = report.split_once('\n').expect("a hint line");
        assert!(
            first.starts_with(
                "error: reading meter m-1: region-1 refused meter m-1 \
                 (region_endpoint.tariff_of_another_retailer): tariff flat belongs"
            ),
            "{first}"
        );
        assert!(hint.starts_with("hint: "), "{hint}");
        assert!(hint.contains("ledger tariff set-owner"), "{hint}");
        assert!(hint.contains("ledger region retry"), "{hint}");

        // Every registration refusal the region endpoint answers with has a remedy.
        use ledger_types::region_endpoint::codes;
        for code in [
            codes::UNKNOWN_TARIFF,
            codes::TARIFF_OF_ANOTHER_RETAILER,
            codes::TARIFF_NOT_IN_FORCE,
            codes::METER_CONTRACT_PAUSED,
            codes::INVALID_PUBKEY,
            codes::INVALID_RETAILER,
            codes::INVALID_CONSUMER,
            codes::METER_EXISTS,
        ] {
            assert!(fix_hint(code).is_some(), "{code}");
        }
        // A refusal without a known remedy is its one line.
        let plain = anyhow::anyhow!("[ledger:common.paused] the contract is paused");
        assert_eq!(
            error_report(&plain),
            "error: [ledger:common.paused] the contract is paused"
        );
    }

    #[test]
    fn the_cloud_refusals_a_user_meets_have_a_remedy() {
        use ledger_types::cloud::codes;
        let refusal = anyhow::anyhow!(
            "[ledger:cloud.over_quota] the request would take vcpus to 12, past the quota of \
             8 (2 left)"
        );
        let report = error_report(&refusal);
        let (_, hint) = report.split_once('\n').expect("a hint line");
        assert!(hint.contains("ledger cloud quotas"), "{hint}");
        for code in [
            codes::OVER_QUOTA,
            codes::HOLDING_OVER_QUOTA,
            codes::NO_QUOTA,
            codes::NO_PRICES,
            codes::ESCROW_TOO_SMALL,
            codes::NOT_A_MEMBER,
            codes::NOT_A_USER,
            codes::NOT_CLOUD_USER,
            codes::NOT_CLOUD_PROVIDER,
            codes::NOT_ORGANISATION_ADMIN,
            codes::NOT_LEASE_PARTY,
            codes::LEASE_NOT_RUNNING,
            codes::LEASE_NOT_ACCEPTED,
            codes::LEASE_NOT_OPEN,
            codes::LEASE_NOT_REQUESTED,
            codes::LEASE_NOT_CLOSABLE,
            codes::PRICE_VERSION_PENDING,
            codes::UNKNOWN_INSTANCE_TYPE,
            codes::DUPLICATE_INSTANCE_TYPE,
        ] {
            let hint = fix_hint(code).unwrap_or_else(|| panic!("no hint for {code}"));
            assert!(hint.contains("ledger "), "{code}: {hint}");
        }
        assert_eq!(fix_hint(codes::BAD_USAGE_SIGNATURE), None);
    }

    #[test]
    fn a_park_market_refusal_is_reported_with_the_command_that_gets_past_it() {
        use ledger_types::park::codes;
        let refusal = anyhow::Error::new(ledger_client::ClientError::Contract {
            message: "[ledger:park.gate_closed] slot 41's gate closed at 10:10".to_string(),
        })
        .context("posting the bid");
        assert_eq!(error_code(&refusal).as_deref(), Some(codes::GATE_CLOSED));
        let report = error_report(&refusal);
        let (text, hint) = report.split_once('\n').expect("a hint line");
        assert!(text.starts_with("error: posting the bid"), "{text}");
        assert!(hint.contains("--slot next"), "{hint}");
        // A refusal the SDK caught before signing carries the market's code and gets the same
        // handling.
        let early = anyhow::Error::new(ledger_sdk::Error::from(
            ledger_sdk::contracts::park::market::ParkError::SlotNotCleared { slot: 7 },
        ));
        assert_eq!(error_code(&early).as_deref(), Some(codes::SLOT_NOT_CLEARED));
        assert!(error_report(&early).contains("hint: clear the slot first"));
        for code in [
            codes::GATE_CLOSED,
            codes::SLOT_TOO_FAR,
            codes::SLOT_FULL,
            codes::GATE_OPEN,
            codes::NOT_SETTLEABLE,
            codes::SLOT_NOT_CLEARED,
            codes::UNKNOWN_GENERATOR,
            codes::NOT_GENERATOR_OWNER,
            codes::NOT_A_PARTICIPANT,
            codes::WRONG_ESCROW,
            codes::NOT_ORDER_OWNER,
            codes::UNKNOWN_ORDER,
            codes::ALREADY_SETTLED,
            codes::NOTHING_HELD,
        ] {
            let hint = fix_hint(code).unwrap_or_else(|| panic!("no hint for {code}"));
            assert!(hint.contains("ledger "), "{code}: {hint}");
        }
        assert_eq!(fix_hint(codes::INVALID_SCHEDULE), None);
    }

    #[test]
    fn a_certificate_refusal_is_reported_with_the_command_that_gets_past_it() {
        use ledger_types::park::codes::certificates as codes;
        let refusal = anyhow::Error::new(ledger_client::ClientError::Contract {
            message: "[ledger:park_certificates.claimed] certificate 4 is claimed".to_string(),
        })
        .context("transferring certificate 4");
        assert_eq!(error_code(&refusal).as_deref(), Some(codes::CLAIMED));
        let report = error_report(&refusal);
        let (text, hint) = report.split_once('\n').expect("a hint line");
        assert!(
            text.starts_with("error: transferring certificate 4"),
            "{text}"
        );
        assert!(hint.contains("ledger park certificates show"), "{hint}");
        // The SDK's own check of a claim carries the contract's code and gets the same hint.
        let early = anyhow::Error::new(ledger_sdk::Error::from(
            ledger_sdk::contracts::park::certificates::CertificatesError::InvalidPeriod {
                from: 10,
                to: 5,
            },
        ));
        assert_eq!(error_code(&early).as_deref(), Some(codes::INVALID_PERIOD));
        assert!(error_report(&early).contains("hint: give `ledger park certificates claim`"));
        for code in [
            codes::UNKNOWN_CERTIFICATE,
            codes::NOT_OWNER,
            codes::CLAIMED,
            codes::EXPIRED,
            codes::NOT_A_PARTICIPANT,
            codes::TOO_EARLY,
            codes::NOTHING_TO_CERTIFY,
            codes::UNKNOWN_GENERATOR,
            codes::NOT_GENERATOR_OWNER,
            codes::INVALID_CLAIM_TEXT,
        ] {
            let hint = fix_hint(code).unwrap_or_else(|| panic!("no hint for {code}"));
            assert!(
                hint.contains("ledger ") || hint.contains("--"),
                "{code}: {hint}"
            );
        }
        assert_eq!(fix_hint(codes::NOT_THE_MARKET), None);
    }

    #[test]
    fn a_footprint_refusal_is_reported_with_the_command_that_gets_past_it() {
        use ledger_types::park::codes::footprints as codes;
        let refusal = anyhow::Error::new(ledger_client::ClientError::Contract {
            message: "[ledger:park_footprints.unknown_version] bracket has no version 4"
                .to_string(),
        })
        .context("reading bracket's footprint");
        assert_eq!(
            error_code(&refusal).as_deref(),
            Some(codes::UNKNOWN_VERSION)
        );
        let report = error_report(&refusal);
        let (text, hint) = report.split_once('\n').expect("a hint line");
        assert!(
            text.starts_with("error: reading bracket's footprint"),
            "{text}"
        );
        assert!(hint.contains("ledger park footprints versions"), "{hint}");
        // The SDK's reading of a PACT document carries its own code and gets a hint too.
        use ledger_sdk::contracts::park::pact::{PactError, codes as pact};
        let early = anyhow::Error::new(ledger_sdk::Error::from(PactError::ProcessEmissionsNeeded));
        assert_eq!(
            error_code(&early).as_deref(),
            Some(pact::PROCESS_EMISSIONS_NEEDED)
        );
        assert!(error_report(&early).contains("hint: add `--process-emissions"));
        for code in [
            codes::UNKNOWN_PRODUCT,
            codes::UNKNOWN_VERSION,
            codes::NOT_DECLARING_COMPANY,
            codes::DUPLICATE_PF_ID,
            codes::INVALID_DOCUMENT_HASH,
            codes::NOT_A_PARTICIPANT,
            codes::PRODUCT_ID_NOT_LISTED,
            codes::DUPLICATE_INPUT,
            pact::TOO_PRECISE,
            pact::INVALID_DECIMAL,
        ] {
            assert!(fix_hint(code).is_some(), "no hint for {code}");
        }
        assert_eq!(fix_hint(codes::NOT_CREDITS_CONTRACT), None);
    }

    #[test]
    fn a_carbon_credit_refusal_is_reported_with_the_command_that_gets_past_it() {
        use ledger_types::park::codes::credits as codes;
        let refusal = ledger_client::ClientError::Contract {
            message: "[ledger:park_credits.serial_overlap] serials 1 to 10 overlap batch 3"
                .to_string(),
        };
        let error = anyhow::Error::new(refusal);
        assert_eq!(error_code(&error).as_deref(), Some(codes::SERIAL_OVERLAP));
        let report = error_report(&error);
        assert!(report.contains("hint: the range overlaps"), "{report}");
        assert!(
            report.contains("ledger park credits batch <id>"),
            "{report}"
        );

        let caught = anyhow::Error::new(ledger_sdk::Error::from(
            ledger_sdk::contracts::park::credits::CreditsError::IssuanceMismatch {
                given: 999,
                serials: 1_000,
                first: 1,
                last: 1_000,
            },
        ));
        assert_eq!(
            error_code(&caught).as_deref(),
            Some(codes::ISSUANCE_MISMATCH)
        );
        assert!(error_report(&caught).contains("hint: the --to shares"));
        for code in [
            codes::NOT_A_VERIFIER,
            codes::SELF_VERIFICATION,
            codes::INSUFFICIENT_CREDITS,
            codes::WRONG_PAYMENT,
            codes::NOT_METER_OWNER,
            codes::NOT_PRODUCT_COMPANY,
            codes::NO_FOOTPRINTS,
        ] {
            assert!(fix_hint(code).is_some(), "{code} has no hint");
        }
    }
}
