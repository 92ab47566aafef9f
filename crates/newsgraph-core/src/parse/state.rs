//! The arc-eager transition system: the parser state (stack, buffer, arcs), the four
//! transitions, which are valid, and their cost against a gold tree (the dynamic oracle).

pub(super) const SHIFT: usize = 0;

pub(super) const REDUCE: usize = 1;

pub(super) const NONE: usize = usize::MAX;

/// What the parse state knows of one word (0 = none for the positions: the root is never a
/// dependent). Kept flat and `Copy` so a beam item branches by copying one slice.
#[derive(Debug, Clone, Copy)]
pub(super) struct Node {
    pub(super) head: u32,
    pub(super) label: u32,
    /// The word under this one on the stack.
    pub(super) below: u32,
    /// Leftmost and second-leftmost, rightmost and second-rightmost dependents.
    pub(super) lm: u32,
    pub(super) lm2: u32,
    pub(super) rm: u32,
    pub(super) rm2: u32,
    pub(super) nleft: u16,
    pub(super) nright: u16,
    /// The labels of the word's left and right dependents, a bit per label.
    pub(super) left_labels: u64,
    pub(super) right_labels: u64,
}

pub(super) const NO: u32 = u32::MAX;

impl Node {
    pub(super) const EMPTY: Node = Node {
        head: NO,
        label: NO,
        below: NO,
        lm: 0,
        lm2: 0,
        rm: 0,
        rm2: 0,
        nleft: 0,
        nright: 0,
        left_labels: 0,
        right_labels: 0,
    };
}

/// Parser state. Position 0 is the artificial root; words are 1..=n. The stack is a chain
/// through [`Node::below`] (each word is pushed once), so it needs no allocation of its own.
#[derive(Clone)]
pub(super) struct State {
    pub(super) nodes: Vec<Node>,
    /// Top of the stack (the root, at the bottom, is never popped).
    pub(super) top: usize,
    pub(super) next: usize,
    pub(super) n: usize,
}

/// A stored head, label or stack link as an index (`NONE` for `NO`).
pub(super) fn idx(v: u32) -> usize {
    if v == NO {
        NONE
    } else {
        v as usize
    }
}

/// A stored dependent position (0 = none) as an index.
pub(super) fn pos(v: u32) -> usize {
    if v == 0 {
        NONE
    } else {
        idx(v)
    }
}

impl State {
    pub(super) fn new(n: usize) -> Self {
        State {
            nodes: vec![Node::EMPTY; n + 1],
            top: 0,
            next: 1,
            n,
        }
    }

    pub(super) fn done(&self) -> bool {
        self.next > self.n
    }

    /// The word under the top of the stack.
    pub(super) fn s1(&self) -> usize {
        idx(self.nodes[self.top].below)
    }

    #[cfg(feature = "train")]
    /// The stack, top first.
    pub(super) fn stack(&self) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(Some(self.top), |&k| {
            Some(idx(self.nodes[k].below)).filter(|&b| b != NONE)
        })
    }

    pub(super) fn head(&self, i: usize) -> usize {
        idx(self.nodes[i].head)
    }

    pub(super) fn label(&self, i: usize) -> usize {
        idx(self.nodes[i].label)
    }

    pub(super) fn valid(&self, t: usize, nl: usize) -> bool {
        let s = self.top;
        match kind(t, nl) {
            Kind::Shift | Kind::Right(_) => !self.done(),
            Kind::Reduce => s != 0 && (self.head(s) != NONE || self.done()),
            Kind::Left(_) => !self.done() && s != 0 && self.head(s) == NONE,
        }
    }

    /// Which of the four kinds of transition (shift, reduce, left, right) are valid.
    pub(super) fn valid_kinds(&self, nl: usize) -> [bool; 4] {
        [SHIFT, REDUCE, 2, 2 + nl].map(|t| self.valid(t, nl))
    }

    /// The highest-scoring valid transition (the first on ties), validity checked once per
    /// kind rather than once per transition.
    pub(super) fn best_valid(&self, scores: &[f32], nl: usize) -> usize {
        let ok = self.valid_kinds(nl);
        let mut best = NONE;
        for (t, &sc) in scores.iter().enumerate() {
            if ok[kind_index(t, nl)] && (best == NONE || sc > scores[best]) {
                best = t;
            }
        }
        best
    }

    pub(super) fn push(&mut self, w: usize) {
        self.nodes[w].below = self.top as u32;
        self.top = w;
    }

    pub(super) fn pop(&mut self) -> usize {
        let s = self.top;
        self.top = self.s1();
        s
    }

    pub(super) fn apply(&mut self, t: usize, nl: usize) {
        match kind(t, nl) {
            Kind::Shift => {
                self.push(self.next);
                self.next += 1;
            }
            Kind::Reduce => {
                self.pop();
            }
            Kind::Left(l) => {
                let s = self.pop();
                self.attach(self.next, s, l);
            }
            Kind::Right(l) => {
                let s = self.top;
                let b = self.next;
                self.attach(s, b, l);
                self.push(b);
                self.next += 1;
            }
        }
    }

    pub(super) fn attach(&mut self, head: usize, dep: usize, label: usize) {
        self.nodes[dep].head = head as u32;
        self.nodes[dep].label = label as u32;
        let bit = 1u64 << (label % 64);
        let d = dep as u32;
        let h = &mut self.nodes[head];
        if dep < head {
            h.nleft = h.nleft.saturating_add(1);
            h.left_labels |= bit;
            if h.lm == 0 || d < h.lm {
                h.lm2 = h.lm;
                h.lm = d;
            } else if h.lm2 == 0 || d < h.lm2 {
                h.lm2 = d;
            }
        } else {
            h.nright = h.nright.saturating_add(1);
            h.right_labels |= bit;
            if d > h.rm {
                h.rm2 = h.rm;
                h.rm = d;
            } else if d > h.rm2 {
                h.rm2 = d;
            }
        }
    }

    #[cfg(feature = "train")]
    /// Dynamic-oracle cost of transition `t`: gold arcs it makes unreachable (+1 for a wrong label).
    pub(super) fn cost(&self, t: usize, nl: usize, gh: &[usize], gl: &[usize]) -> usize {
        let s = self.top;
        let b = self.next;
        let in_buffer = |k: usize| k >= b && k <= self.n;
        match kind(t, nl) {
            Kind::Shift => self.stack().filter(|&k| gh[k] == b || gh[b] == k).count(),
            Kind::Reduce => (b..=self.n).filter(|&k| gh[k] == s).count(),
            Kind::Left(l) => {
                let lost_head = usize::from(gh[s] != b && in_buffer(gh[s]));
                let lost_deps = (b..=self.n).filter(|&k| gh[k] == s).count();
                lost_head + lost_deps + usize::from(gh[s] == b && gl[s] != l)
            }
            Kind::Right(l) => {
                let head_elsewhere =
                    gh[b] != s && (in_buffer(gh[b]) || self.stack().any(|k| k == gh[b]));
                let deps_on_stack = self.stack().filter(|&k| gh[k] == b).count();
                usize::from(head_elsewhere) + deps_on_stack + usize::from(gh[b] == s && gl[b] != l)
            }
        }
    }
}

pub(super) enum Kind {
    Shift,
    Reduce,
    Left(usize),
    Right(usize),
}

/// 0 shift, 1 reduce, 2 left, 3 right (an index into [`State::valid_kinds`]).
pub(super) fn kind_index(t: usize, nl: usize) -> usize {
    match t {
        SHIFT | REDUCE => t,
        t if t < 2 + nl => 2,
        _ => 3,
    }
}

pub(super) fn kind(t: usize, nl: usize) -> Kind {
    match t {
        SHIFT => Kind::Shift,
        REDUCE => Kind::Reduce,
        t if t < 2 + nl => Kind::Left(t - 2),
        t => Kind::Right(t - 2 - nl),
    }
}
