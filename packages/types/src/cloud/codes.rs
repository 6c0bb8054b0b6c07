//! Stable error codes of the cloud-federation contract (see [`crate::error_code`]). Refusals
//! every contract shares (pause, blacklist, suspension, migration, overflow) carry `common.*`
//! codes.

/// Only the registry's administrator registers organisations.
pub const NOT_REGISTRY_ADMIN: &str = "cloud.not_registry_admin";
/// Only the organisation's administrator may do this.
pub const NOT_ORGANISATION_ADMIN: &str = "cloud.not_organisation_admin";
/// The address does not hold the registry's CloudProvider role now.
pub const NOT_CLOUD_PROVIDER: &str = "cloud.not_cloud_provider";
/// The address does not hold the registry's CloudUser role now.
pub const NOT_CLOUD_USER: &str = "cloud.not_cloud_user";
/// The address is not a registered participant.
pub const NOT_A_PARTICIPANT: &str = "cloud.not_a_participant";
/// The address is not a user of the organisation needed.
pub const NOT_A_MEMBER: &str = "cloud.not_a_member";
/// The sender is on neither side of the lease (or not the side needed).
pub const NOT_LEASE_PARTY: &str = "cloud.not_lease_party";
/// Tokens came from another token than the settlement token.
pub const WRONG_TOKEN: &str = "cloud.wrong_token";
/// The address is already a user of an organisation.
pub const USER_IN_OTHER_ORGANISATION: &str = "cloud.user_in_other_organisation";
/// The address is not a user of the organisation.
pub const NOT_A_USER: &str = "cloud.not_a_user";
/// An organisation id that is empty, too long or has other characters than letters, digits, '-', '_', '.'.
pub const INVALID_ORG_ID: &str = "cloud.invalid_org_id";
/// An organisation with that id exists.
pub const ORGANISATION_EXISTS: &str = "cloud.organisation_exists";
/// No organisation with that id.
pub const UNKNOWN_ORGANISATION: &str = "cloud.unknown_organisation";
/// A required text is empty.
pub const EMPTY_TEXT: &str = "cloud.empty_text";
/// A text is too long.
pub const TEXT_TOO_LONG: &str = "cloud.text_too_long";
/// A public key that is not 33 bytes.
pub const PUBLIC_KEY_LENGTH: &str = "cloud.public_key_length";
/// A public key that is not compressed.
pub const PUBLIC_KEY_NOT_COMPRESSED: &str = "cloud.public_key_not_compressed";
/// A public key that is not a secp256k1 point.
pub const PUBLIC_KEY_NOT_ON_CURVE: &str = "cloud.public_key_not_on_curve";
/// An update that changes nothing.
pub const NOTHING_TO_UPDATE: &str = "cloud.nothing_to_update";
/// An organisation cannot set a quota for, or lease from, itself.
pub const SELF_LEASE: &str = "cloud.self_lease";
/// A minimum given at instantiation is outside the range the contract accepts.
pub const INVALID_MINIMUM: &str = "cloud.invalid_minimum";
/// A quota's longest holding period is below the shortest lease.
pub const HOLDING_LIMIT_TOO_SHORT: &str = "cloud.holding_limit_too_short";
/// The provider grants the consumer no quota.
pub const NO_QUOTA: &str = "cloud.no_quota";
/// The provider has no price list in force.
pub const NO_PRICES: &str = "cloud.no_prices";
/// A price list's effective date is in the past.
pub const EFFECTIVE_IN_PAST: &str = "cloud.effective_in_past";
/// A price list's effective date is not after the latest version's.
pub const EFFECTIVE_NOT_AFTER_LATEST: &str = "cloud.effective_not_after_latest";
/// A published price list still waits for its date.
pub const PRICE_VERSION_PENDING: &str = "cloud.price_version_pending";
/// A price list with more instance types than one may carry.
pub const TOO_MANY_INSTANCE_TYPES: &str = "cloud.too_many_instance_types";
/// An instance-type name that is empty, too long or has other characters than letters,
/// digits, '-', '_', '.'.
pub const INVALID_INSTANCE_NAME: &str = "cloud.invalid_instance_name";
/// Two instance types of one price list with the same name.
pub const DUPLICATE_INSTANCE_TYPE: &str = "cloud.duplicate_instance_type";
/// An instance type without vCPUs or memory.
pub const EMPTY_INSTANCE_TYPE: &str = "cloud.empty_instance_type";
/// The provider's price list in force sells no instance type of that name.
pub const UNKNOWN_INSTANCE_TYPE: &str = "cloud.unknown_instance_type";
/// A request that names an instance type and also gives resources.
pub const INSTANCE_TYPE_WITH_RESOURCES: &str = "cloud.instance_type_with_resources";
/// A request that gives neither resources nor an instance type.
pub const NO_RESOURCES: &str = "cloud.no_resources";
/// A request without vCPUs or memory.
pub const EMPTY_RESOURCES: &str = "cloud.empty_resources";
/// A holding period below the shortest lease.
pub const HOLDING_TOO_SHORT: &str = "cloud.holding_too_short";
/// A holding period past the quota's maximum.
pub const HOLDING_OVER_QUOTA: &str = "cloud.holding_over_quota";
/// A request that would take a resource past the quota.
pub const OVER_QUOTA: &str = "cloud.over_quota";
/// The tokens sent do not cover the minimum prepaid time.
pub const ESCROW_TOO_SMALL: &str = "cloud.escrow_too_small";
/// No tokens were sent.
pub const ZERO_AMOUNT: &str = "cloud.zero_amount";
/// No such lease.
pub const UNKNOWN_LEASE: &str = "cloud.unknown_lease";
/// The lease is not waiting for the provider.
pub const LEASE_NOT_REQUESTED: &str = "cloud.lease_not_requested";
/// The lease has ended (closed, rejected or withdrawn) and is not running.
pub const LEASE_NOT_RUNNING: &str = "cloud.lease_not_running";
/// The lease waits for the provider: it was never accepted, so it is not running yet.
pub const LEASE_NOT_ACCEPTED: &str = "cloud.lease_not_accepted";
/// The lease is neither requested nor running.
pub const LEASE_NOT_OPEN: &str = "cloud.lease_not_open";
/// The lease's holding period is not over and its escrow is not used up.
pub const LEASE_NOT_CLOSABLE: &str = "cloud.lease_not_closable";
/// The provider has no metering agent key registered.
pub const NO_AGENT_KEY: &str = "cloud.no_agent_key";
/// No usage records given.
pub const EMPTY_USAGE_BATCH: &str = "cloud.empty_usage_batch";
/// More usage records than one message may carry.
pub const TOO_MANY_USAGE_RECORDS: &str = "cloud.too_many_usage_records";
/// A usage record whose signature is not the agent's over its canonical bytes.
pub const BAD_USAGE_SIGNATURE: &str = "cloud.bad_usage_signature";
/// A usage record's sequence is not above the lease's last.
pub const USAGE_SEQUENCE: &str = "cloud.usage_sequence";
/// A usage period that does not start before it ends.
pub const USAGE_PERIOD_INVALID: &str = "cloud.usage_period_invalid";
/// A usage period before the lease's start or the previous record's end.
pub const USAGE_PERIOD_OVERLAP: &str = "cloud.usage_period_overlap";
/// A usage period that ends after the lease's holding period.
pub const USAGE_AFTER_HOLDING_END: &str = "cloud.usage_after_holding_end";
/// A usage period that ends in the future.
pub const USAGE_IN_FUTURE: &str = "cloud.usage_in_future";
/// The lease exists and no terms were sealed for it.
pub const NO_TERMS: &str = "cloud.no_terms";
/// A commitment that is not 32 bytes.
pub const COMMITMENT_LENGTH: &str = "cloud.commitment_length";
/// A sealed envelope of a length outside the accepted range.
pub const ENVELOPE_LENGTH: &str = "cloud.envelope_length";
/// Nothing is held for the lease.
pub const NOTHING_HELD: &str = "cloud.nothing_held";
/// A party of what is held is still blacklisted or suspended.
pub const STILL_BARRED: &str = "cloud.still_barred";
