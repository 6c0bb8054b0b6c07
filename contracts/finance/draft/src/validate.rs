//! Checks of user input that do not depend on storage.

use cosmwasm_std::{HexBinary, Uint128};
use ledger_types::draft::{
    Application, EVIDENCE_HASH_LEN, MAX_APPROVAL_LEVELS, MAX_LONG_TEXT, MAX_SHORT_TEXT, MAX_STAGES,
    MAX_VETO_WINDOW, StagePlan,
};

use crate::ContractError;
use crate::ContractResult;

/// Free text: not blank, at most `max` characters.
pub fn text(value: &str, field: &str, max: usize) -> ContractResult<()> {
    if value.trim().is_empty() {
        return Err(ContractError::EmptyText {
            field: field.to_string(),
        });
    }
    let len = value.chars().count();
    if len > max {
        return Err(ContractError::TextTooLong {
            field: field.to_string(),
            len,
            max,
        });
    }
    Ok(())
}

/// A short text (names, labels): at most [`MAX_SHORT_TEXT`] characters.
pub fn short_text(value: &str, field: &str) -> ContractResult<()> {
    text(value, field, MAX_SHORT_TEXT)
}

/// A long text (descriptions, comments, reports): at most [`MAX_LONG_TEXT`] characters.
pub fn long_text(value: &str, field: &str) -> ContractResult<()> {
    text(value, field, MAX_LONG_TEXT)
}

/// A bank transfer's serial number: a short text without whitespace or control characters,
/// so that it is matched exactly as the bank wrote it.
pub fn serial(serial: &str) -> ContractResult<()> {
    short_text(serial, "serial number")?;
    if serial.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(ContractError::InvalidSerial {
            serial: serial.to_string(),
        });
    }
    Ok(())
}

/// Approval level names: 1 to [`MAX_APPROVAL_LEVELS`], each a short text.
pub fn approval_levels(levels: &[String]) -> ContractResult<()> {
    if levels.is_empty() || levels.len() > MAX_APPROVAL_LEVELS {
        return Err(ContractError::InvalidApprovalLevels {
            count: levels.len(),
            max: MAX_APPROVAL_LEVELS,
        });
    }
    for name in levels {
        short_text(name, "approval level name")?;
    }
    Ok(())
}

/// The veto window: 1 second to [`MAX_VETO_WINDOW`].
pub fn veto_window(seconds: u64) -> ContractResult<()> {
    if seconds == 0 || seconds > MAX_VETO_WINDOW {
        return Err(ContractError::InvalidVetoWindow {
            seconds,
            max: MAX_VETO_WINDOW,
        });
    }
    Ok(())
}

/// An application's texts, dates and funding plan (the implementing unit's role is checked
/// against storage by the caller).
pub fn application(app: &Application) -> ContractResult<()> {
    short_text(&app.name, "project name")?;
    short_text(&app.project_type, "project type")?;
    short_text(&app.department, "responsible department")?;
    long_text(&app.description, "project description")?;
    long_text(&app.unit_qualifications, "unit qualifications")?;
    if app.start_date >= app.end_date {
        return Err(ContractError::InvalidDates {
            start_date: app.start_date,
            end_date: app.end_date,
        });
    }
    if app.budget.is_zero() {
        return Err(ContractError::ZeroAmount {
            what: "budget".to_string(),
        });
    }
    funding_plan(&app.stages, app.budget)
}

/// 1 to [`MAX_STAGES`] stages, each for more than zero with a purpose, adding up to the
/// budget exactly.
pub fn funding_plan(stages: &[StagePlan], budget: Uint128) -> ContractResult<()> {
    if stages.is_empty() || stages.len() > MAX_STAGES {
        return Err(ContractError::InvalidStageCount {
            count: stages.len(),
            max: MAX_STAGES,
        });
    }
    let mut planned = Uint128::zero();
    for stage in stages {
        if stage.amount.is_zero() {
            return Err(ContractError::ZeroAmount {
                what: "stage amount".to_string(),
            });
        }
        long_text(&stage.purpose, "stage purpose")?;
        planned = planned.checked_add(stage.amount)?;
    }
    if planned != budget {
        return Err(ContractError::BudgetMismatch { budget, planned });
    }
    Ok(())
}

/// A progress percentage: at most 100.
pub fn percent(percent: u8) -> ContractResult<()> {
    if percent > 100 {
        return Err(ContractError::PercentOutOfRange { percent });
    }
    Ok(())
}

/// An evidence hash: exactly [`EVIDENCE_HASH_LEN`] bytes.
pub fn evidence(evidence: &HexBinary) -> ContractResult<()> {
    if evidence.len() != EVIDENCE_HASH_LEN {
        return Err(ContractError::EvidenceHashLength {
            len: evidence.len(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app() -> Application {
        Application {
            name: "Rural planting".into(),
            project_type: "industry".into(),
            department: "county agriculture bureau".into(),
            budget: Uint128::new(1_000),
            description: "greenhouses".into(),
            implementing_unit: "unit".into(),
            unit_qualifications: "grade B contractor".into(),
            start_date: 10,
            end_date: 20,
            stages: vec![
                StagePlan {
                    amount: Uint128::new(600),
                    purpose: "build".into(),
                },
                StagePlan {
                    amount: Uint128::new(400),
                    purpose: "plant".into(),
                },
            ],
        }
    }

    #[test]
    fn texts_must_be_present_and_short_enough() {
        assert_eq!(
            text(" \t", "comment", 5),
            Err(ContractError::EmptyText {
                field: "comment".into()
            })
        );
        assert_eq!(
            text("abcdef", "comment", 5),
            Err(ContractError::TextTooLong {
                field: "comment".into(),
                len: 6,
                max: 5
            })
        );
        // Characters, not bytes, are counted.
        assert_eq!(text("扶贫资金", "comment", 4), Ok(()));
    }

    #[test]
    fn serials_have_no_whitespace() {
        assert_eq!(serial("ICBC-2026-0001"), Ok(()));
        assert_eq!(
            serial("ICBC 1"),
            Err(ContractError::InvalidSerial {
                serial: "ICBC 1".into()
            })
        );
        assert_eq!(
            serial(""),
            Err(ContractError::EmptyText {
                field: "serial number".into()
            })
        );
    }

    #[test]
    fn levels_and_window_are_bounded() {
        assert!(approval_levels(&["a".into()]).is_ok());
        assert_eq!(
            approval_levels(&[]),
            Err(ContractError::InvalidApprovalLevels { count: 0, max: 5 })
        );
        assert_eq!(
            approval_levels(&vec!["a".to_string(); 6]),
            Err(ContractError::InvalidApprovalLevels { count: 6, max: 5 })
        );
        assert!(veto_window(1).is_ok());
        assert!(veto_window(MAX_VETO_WINDOW).is_ok());
        assert_eq!(
            veto_window(0),
            Err(ContractError::InvalidVetoWindow {
                seconds: 0,
                max: MAX_VETO_WINDOW
            })
        );
    }

    #[test]
    fn an_application_must_add_up() {
        assert_eq!(application(&app()), Ok(()));

        let mut short = app();
        short.budget = Uint128::new(1_001);
        assert_eq!(
            application(&short),
            Err(ContractError::BudgetMismatch {
                budget: Uint128::new(1_001),
                planned: Uint128::new(1_000)
            })
        );

        let mut zero = app();
        zero.stages[1].amount = Uint128::zero();
        assert_eq!(
            application(&zero),
            Err(ContractError::ZeroAmount {
                what: "stage amount".into()
            })
        );

        let mut backwards = app();
        backwards.end_date = 10;
        assert_eq!(
            application(&backwards),
            Err(ContractError::InvalidDates {
                start_date: 10,
                end_date: 10
            })
        );

        let mut none = app();
        none.stages.clear();
        assert_eq!(
            application(&none),
            Err(ContractError::InvalidStageCount { count: 0, max: 10 })
        );

        let mut overflow = app();
        overflow.stages[0].amount = Uint128::MAX;
        assert!(matches!(
            application(&overflow),
            Err(ContractError::Overflow(_))
        ));
    }

    #[test]
    fn progress_and_evidence() {
        assert!(percent(100).is_ok());
        assert_eq!(
            percent(101),
            Err(ContractError::PercentOutOfRange { percent: 101 })
        );
        assert!(evidence(&HexBinary::from(vec![0u8; 32])).is_ok());
        assert_eq!(
            evidence(&HexBinary::from(vec![0u8; 31])),
            Err(ContractError::EvidenceHashLength { len: 31 })
        );
    }
}
