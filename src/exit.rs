//! Exit statuses: the contract CI jobs rely on.

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Everything went fine: 0.
    Ok,
    /// A gate failed (--min-score, --fail-on, regression): 1.
    GateFailed,
    /// Usage, config or input error: 2.
    UsageOrInput,
}

impl Exit {
    /// The process status.
    pub fn code(self) -> u8 {
        match self {
            Exit::Ok => 0,
            Exit::GateFailed => 1,
            Exit::UsageOrInput => 2,
        }
    }
}
