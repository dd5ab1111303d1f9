//! Filled in by the configuration work.
