//! Inconsistencies across sentences: the same action credited to actors of two countries.

use super::ActorMention;

/// An action a sentence credited to its source, as the caller keeps it for the next
/// sentence: the source's code and name, and the event's evidence in the caller's units.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Credit<E> {
    pub code: String,
    pub name: String,
    pub evidence: E,
}

/// "Xi's administration has swung the population behind Putin. The Russian government has
/// done this through state media": a sentence that credits an earlier action to an actor
/// with a pro-verb ([`super::SentenceCoding::redo`]) contradicts the previous sentence when
/// that sentence credited an action to an actor of another country. Returns the earlier
/// credit and the description of the disagreement; `None` when the countries agree ("Chinese
/// officials have done this" after the Chinese government).
pub(crate) fn credited_to_another_country<'a, E>(
    previous: &'a [Credit<E>],
    redo: &ActorMention,
) -> Option<(&'a Credit<E>, String)> {
    let country = redo.code.get(..3);
    let earlier = previous
        .iter()
        .find(|c| c.code.get(..3).is_some() && c.code.get(..3) != country)?;
    let description = format!(
        "the same action is credited to {} ({}) and then to {} ({})",
        earlier.name, earlier.code, redo.name, redo.code
    );
    Some((earlier, description))
}

#[cfg(test)]
mod tests;
