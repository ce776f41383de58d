//! Catalogues as data: languages' memory models, vendoring folders, generated-file markers.
//! Adding a row is one line; tests check the tables are sorted and free of duplicates.

pub mod memory_models;
pub mod risky_calls;
pub mod roadmap;
pub mod roles;
pub mod signals;
pub mod vendoring;
