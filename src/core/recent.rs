//! A bounded cache of values met lately, in slots by hash: a value that many rows repeat (a text
//! of a sheet, a file's unit) is one allocation for all of them, and memory stays bounded (a slot
//! holds the last value that fell in it, so values met once cost nothing more).

use std::sync::Arc;

/// Values met lately, `SLOTS` of them at most.
pub struct Recent<T: ?Sized, const SLOTS: usize>(Vec<Option<Arc<T>>>);

impl<T: ?Sized, const SLOTS: usize> Default for Recent<T, SLOTS> {
    fn default() -> Self {
        Recent(vec![None; SLOTS])
    }
}

impl<T: ?Sized, const SLOTS: usize> Recent<T, SLOTS> {
    /// The value met before in `hash`'s slot when `is` says it is the one wanted, else `make`'s
    /// (kept in the slot for the next).
    pub fn get_or_make(
        &mut self,
        hash: u64,
        is: impl Fn(&T) -> bool,
        make: impl FnOnce() -> Arc<T>,
    ) -> Arc<T> {
        let slot = &mut self.0[hash as usize % SLOTS];
        match slot {
            Some(v) if is(v) => v.clone(),
            _ => slot.insert(make()).clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_met_again_is_the_one_met_before_and_a_slot_keeps_the_last() {
        let mut r: Recent<str, 2> = Recent::default();
        let mut get = |hash: u64, s: &str| r.get_or_make(hash, |t| t == s, || s.into());
        let a = get(0, "Mức 2");
        assert!(Arc::ptr_eq(&a, &get(0, "Mức 2")));
        // The other slot (hash 1) leaves this one alone.
        assert_eq!(&*get(1, "Xã"), "Xã");
        assert!(Arc::ptr_eq(&a, &get(0, "Mức 2")));
        // Another value of the same slot (hash 2) takes it: the first is made anew after.
        assert_eq!(&*get(2, "Đạt"), "Đạt");
        let again = get(0, "Mức 2");
        assert_eq!(&*again, "Mức 2");
        assert!(!Arc::ptr_eq(&a, &again));
    }
}
