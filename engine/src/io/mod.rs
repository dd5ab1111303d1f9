//! Filled in by the I/O work.
