//! The kinds of loan and the sensitive borrower fields each kind carries.

use cosmwasm_schema::cw_serde;

/// The kinds of loan a plan may share.
#[cw_serde]
#[derive(Copy, Eq, PartialOrd, Ord, Hash)]
pub enum LoanType {
    /// Unsecured credit loan.
    Cash,
    Consumption,
    /// Loan against a housing provident fund record.
    ProvidentFund,
    Enterprise,
    /// Loan secured by a mortgage on a car (the borrower keeps the car).
    CarMortgage,
    /// Loan against an insurance policy.
    Policy,
    /// Loan secured by pledging a car (the lender keeps the car).
    CarPledge,
}

impl LoanType {
    /// Every loan type, in declaration order.
    pub const ALL: [LoanType; 7] = [
        LoanType::Cash,
        LoanType::Consumption,
        LoanType::ProvidentFund,
        LoanType::Enterprise,
        LoanType::CarMortgage,
        LoanType::Policy,
        LoanType::CarPledge,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            LoanType::Cash => "cash",
            LoanType::Consumption => "consumption",
            LoanType::ProvidentFund => "provident_fund",
            LoanType::Enterprise => "enterprise",
            LoanType::CarMortgage => "car_mortgage",
            LoanType::Policy => "policy",
            LoanType::CarPledge => "car_pledge",
        }
    }

    /// Whether a car secures the loan (plate and engine numbers are then part of the plan).
    pub fn is_car_loan(&self) -> bool {
        matches!(self, LoanType::CarMortgage | LoanType::CarPledge)
    }

    /// The sensitive fields a plan of this type carries, exactly these and in this order.
    pub fn sensitive_fields(&self) -> &'static [SensitiveField] {
        if self.is_car_loan() {
            &SensitiveField::ALL
        } else {
            &SensitiveField::ALL[..3]
        }
    }
}

/// A field of the borrower's data that is never put on chain in clear.
#[cw_serde]
#[derive(Copy, Eq, PartialOrd, Ord, Hash)]
pub enum SensitiveField {
    /// The borrower's (person's or company's) name.
    BorrowerName,
    /// Identity card number, or an enterprise's unified social credit code.
    IdNumber,
    /// The mobile number the borrower gave the lender.
    Phone,
    /// Car loans: the licence plate number.
    PlateNumber,
    /// Car loans: the engine number.
    EngineNumber,
}

impl SensitiveField {
    /// Every field, in declaration order (the first three belong to every plan).
    pub const ALL: [SensitiveField; 5] = [
        SensitiveField::BorrowerName,
        SensitiveField::IdNumber,
        SensitiveField::Phone,
        SensitiveField::PlateNumber,
        SensitiveField::EngineNumber,
    ];

    /// The field's name: in storage keys and events, and the name clients bind into the
    /// encryption context and the commitment.
    pub fn as_str(&self) -> &'static str {
        match self {
            SensitiveField::BorrowerName => "borrower_name",
            SensitiveField::IdNumber => "id_number",
            SensitiveField::Phone => "phone",
            SensitiveField::PlateNumber => "plate_number",
            SensitiveField::EngineNumber => "engine_number",
        }
    }

    /// The field with this name.
    pub fn from_name(name: &str) -> Option<SensitiveField> {
        SensitiveField::ALL
            .into_iter()
            .find(|field| field.as_str() == name)
    }
}
