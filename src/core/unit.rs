//! Administrative unit levels and types, and the two evaluated dimensions.

use std::fmt;

/// Where a unit sits in the administrative tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum UnitLevel {
    Province,
    District,
    Commune,
}

impl UnitLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            UnitLevel::Province => "province",
            UnitLevel::District => "district",
            UnitLevel::Commune => "commune",
        }
    }
}

/// The type word of a unit, as GSO writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum UnitType {
    Huyen,
    Quan,
    ThiXa,
    ThanhPho,
    Xa,
    Phuong,
    ThiTran,
}

impl UnitType {
    pub const ALL: [UnitType; 7] = [
        UnitType::Huyen,
        UnitType::Quan,
        UnitType::ThiXa,
        UnitType::ThanhPho,
        UnitType::Xa,
        UnitType::Phuong,
        UnitType::ThiTran,
    ];

    /// The official spelling: "Huyện", "Quận", "Thị xã", "Thành phố", "Xã", "Phường", "Thị trấn".
    pub fn as_str(self) -> &'static str {
        match self {
            UnitType::Huyen => "Huyện",
            UnitType::Quan => "Quận",
            UnitType::ThiXa => "Thị xã",
            UnitType::ThanhPho => "Thành phố",
            UnitType::Xa => "Xã",
            UnitType::Phuong => "Phường",
            UnitType::ThiTran => "Thị trấn",
        }
    }

    /// The level this type belongs to.
    pub fn level(self) -> UnitLevel {
        match self {
            UnitType::Huyen | UnitType::Quan | UnitType::ThiXa | UnitType::ThanhPho => {
                UnitLevel::District
            }
            UnitType::Xa | UnitType::Phuong | UnitType::ThiTran => UnitLevel::Commune,
        }
    }

    /// Parses the official spelling (exactly as GSO writes it, after NFC).
    pub fn from_official(s: &str) -> Option<UnitType> {
        UnitType::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

impl fmt::Display for UnitType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The two evaluated dimensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dimension {
    /// "Mức độ đạt được".
    Achieved,
    /// "Điều kiện sẵn sàng".
    Readiness,
}

impl Dimension {
    pub const ALL: [Dimension; 2] = [Dimension::Achieved, Dimension::Readiness];

    /// The key used in configuration and column names.
    pub fn key(self) -> &'static str {
        match self {
            Dimension::Achieved => "achieved",
            Dimension::Readiness => "readiness",
        }
    }

    /// The Vietnamese name a clerk reads.
    pub fn name_vi(self) -> &'static str {
        match self {
            Dimension::Achieved => "mức độ đạt được",
            Dimension::Readiness => "điều kiện sẵn sàng",
        }
    }
}
