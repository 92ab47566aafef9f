//! Unit tests of the PLOVER/CAMEO rules.

use super::*;
