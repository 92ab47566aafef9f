//! The HTML parser's tree shape, worked out without building the tree: what `from_html`
//! checks before it lets the parser (and readability's recursive walks) loose on a page.

/// What [`html_shape`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Shape {
    /// The depth of the parser's tree (void and raw-text leaves not counted).
    pub depth: usize,
    /// How many elements the parser creates, counting those it reopens.
    pub elements: usize,
}

/// The most elements a page may make the parser create: one per byte, plus slack for tiny
/// pages. A real page makes about one per tag; a page that leaves many distinct formatting
/// elements open can make the parser reopen all of them at every paragraph, hundreds of
/// elements per byte.
pub(super) fn element_budget(len: usize) -> usize {
    len.saturating_add(1024)
}

/// The depth of the element tree an HTML5 parser would build and the number of elements in
/// it, from one pass over the tags, stopping as soon as the depth passes `limit` or the
/// count passes [`element_budget`]. It follows the parser closely enough to accept
/// the valid pages a naive tag count rejects (unclosed `<p>`, `<li>`, `<option>` and table
/// cells, `/>` inside SVG, markup inside comments and `<script>`) and to catch the deep trees
/// a naive count misses (formatting elements the parser reopens): a stack of open elements
/// and a list of active formatting elements, with the tree builder's common rules for
/// implied end tags, scopes, reconstruction and the adoption agency. Void and raw-text
/// elements are leaves and do not count.
///
/// Linear apart from searches of the stack and of the formatting list, neither of which
/// grows much past `limit`.
pub(super) fn html_shape(html: &str, limit: usize) -> Shape {
    let b = html.as_bytes();
    let mut tree = Tree::new(limit, element_budget(html.len()));
    let mut i = 0;
    // Where the text since the last tag or comment starts.
    let mut text_from = 0;
    while let Some(off) = memchr_byte(b'<', &b[i..]) {
        i += off;
        let rest = &b[i..];
        let second = rest.get(1).copied();
        let letter_after_slash =
            second == Some(b'/') && rest.get(2).is_some_and(u8::is_ascii_alphabetic);
        let is_tag = second.is_some_and(|c| c.is_ascii_alphabetic()) || letter_after_slash;
        let is_markup = is_tag || matches!(second, Some(b'!' | b'?' | b'/'));
        if !is_markup {
            i += 1; // a `<` that starts no tag is text
            continue;
        }
        tree.text(&b[text_from..i]);
        if rest.starts_with(b"<!--") {
            i = comment_end(b, i + 4);
        } else if rest.starts_with(b"<![CDATA[") && tree.top().is_some_and(|t| t.ns != Ns::Html) {
            i = find_from(b, i + 9, b"]]>").map_or(b.len(), |p| p + 3);
        } else if !is_tag {
            // Doctype, processing instruction, `</>` or `</3`: a bogus comment to the next `>`.
            i = memchr_byte(b'>', &b[i + 1..]).map_or(b.len(), |p| i + 2 + p);
        } else {
            let Some(tag) = read_tag(html, i) else {
                return tree.shape(); // a tag cut off by the end of input is dropped
            };
            i = tag.end;
            let name = tag.name.to_ascii_lowercase();
            if tag.closing {
                tree.end_tag(&name);
            } else {
                match tree.start_tag(name, tag.attrs, tag.self_closing) {
                    Opened::Normal => {}
                    Opened::RawText(name) => i = raw_text_end(b, i, name.as_bytes()),
                    Opened::PlainText => return tree.shape(),
                }
            }
        }
        text_from = i;
        if tree.over() {
            return tree.shape();
        }
    }
    tree.text(&b[text_from..]);
    tree.shape()
}

fn memchr_byte(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&c| c == needle)
}

fn find_from(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

/// Where a comment whose body starts at `from` ends: after `-->` or `--!>`, after the
/// empty comments `<!-->` and `<!--->`, or at the end of input.
fn comment_end(b: &[u8], from: usize) -> usize {
    let body = b.get(from..).unwrap_or_default();
    if body.starts_with(b">") {
        return from + 1;
    }
    if body.starts_with(b"->") {
        return from + 2;
    }
    let mut k = from;
    while let Some(p) = find_from(b, k, b"--") {
        match b.get(p + 2) {
            Some(b'>') => return p + 3,
            Some(b'!') if b.get(p + 3) == Some(&b'>') => return p + 4,
            _ => k = p + 1,
        }
    }
    b.len()
}

/// Where the contents of a raw-text element (`<script>`, `<style>`, `<textarea>`...) that
/// start at `from` end: after its end tag, or at the end of input.
fn raw_text_end(b: &[u8], from: usize, name: &[u8]) -> usize {
    if name == b"script" {
        return script_end(b, from);
    }
    let mut k = from;
    while let Some(p) = find_from(b, k, b"</") {
        if let Some(end) = end_tag_named(b, p, name) {
            return end;
        }
        k = p + 2;
    }
    b.len()
}

/// The byte after `</name ...>` when that end tag starts at `at`.
fn end_tag_named(b: &[u8], at: usize, name: &[u8]) -> Option<usize> {
    tag_named(b, at + 1, name)?;
    let after = at + 2 + name.len();
    Some(memchr_byte(b'>', &b[after..]).map_or(b.len(), |q| after + q + 1))
}

/// Whether `<name` or `</name` at `at` (which is just past the `<`) names `name` whole.
fn tag_named(b: &[u8], at: usize, name: &[u8]) -> Option<()> {
    let start = at + usize::from(b.get(at) == Some(&b'/'));
    let after = start + name.len();
    let named = b.get(start..after)?.eq_ignore_ascii_case(name);
    let whole = b
        .get(after)
        .is_none_or(|&c| is_html_space(c) || c == b'/' || c == b'>');
    (named && whole).then_some(())
}

/// Where a script's contents that start at `from` end. A script may hide `</script>` in an
/// HTML comment after a `<script` there (the tokenizer's escaped and double-escaped states),
/// so the end is the first `</script>` outside such a stretch.
fn script_end(b: &[u8], from: usize) -> usize {
    #[derive(PartialEq)]
    enum State {
        Data,
        Escaped,
        DoubleEscaped,
    }
    let mut state = State::Data;
    let mut k = from;
    while k < b.len() {
        match b[k] {
            b'<' if state == State::Data && b[k..].starts_with(b"<!--") => {
                state = State::Escaped;
                k += 2; // the dashes may also close it, as in `<!-->`
            }
            b'-' if state != State::Data => {
                let run = b[k..].iter().take_while(|&&c| c == b'-').count();
                k += run;
                if run >= 2 && b.get(k) == Some(&b'>') {
                    state = State::Data;
                    k += 1;
                }
            }
            b'<' if state != State::DoubleEscaped && b.get(k + 1) == Some(&b'/') => {
                if let Some(end) = end_tag_named(b, k, b"script") {
                    return end;
                }
                k += 2;
            }
            b'<' if state == State::Escaped && tag_named(b, k + 1, b"script").is_some() => {
                state = State::DoubleEscaped;
                k += 7;
            }
            b'<' if state == State::DoubleEscaped
                && b.get(k + 1) == Some(&b'/')
                && tag_named(b, k + 1, b"script").is_some() =>
            {
                state = State::Escaped;
                k += 8;
            }
            _ => k += 1,
        }
    }
    b.len()
}

/// One start or end tag as the tokenizer reads it.
struct Tag<'a> {
    name: &'a str,
    /// The attributes as written, for comparing formatting elements.
    attrs: &'a str,
    closing: bool,
    self_closing: bool,
    /// The byte after the tag's `>`.
    end: usize,
}

fn is_html_space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

/// Reads the tag at `start` (a `<` followed by a letter or by `/` and a letter), skipping its
/// attributes as the tokenizer does, so a `>` inside a quoted value does not end it. `None`
/// when the input ends inside the tag.
fn read_tag(html: &str, start: usize) -> Option<Tag<'_>> {
    let b = html.as_bytes();
    let closing = b[start + 1] == b'/';
    let name_start = start + 1 + usize::from(closing);
    let skip = |mut j: usize, stop: &dyn Fn(u8) -> bool| {
        while j < b.len() && !stop(b[j]) {
            j += 1;
        }
        j
    };
    let spaces = |j: usize| skip(j, &|c| !is_html_space(c));
    let mut j = skip(name_start, &|c| is_html_space(c) || c == b'/' || c == b'>');
    let name_end = j;
    let mut self_closing = false;
    loop {
        j = spaces(j);
        match *b.get(j)? {
            b'>' => break,
            b'/' => {
                j += 1;
                if b.get(j) == Some(&b'>') {
                    self_closing = true;
                    break;
                }
            }
            _ => {
                // An attribute name (its first character may be anything, even `=`)...
                j = spaces(skip(j + 1, &|c| {
                    is_html_space(c) || matches!(c, b'/' | b'>' | b'=')
                }));
                if b.get(j) != Some(&b'=') {
                    continue;
                }
                // ... and its value: quoted, or up to a space or `>`.
                j = spaces(j + 1);
                match *b.get(j)? {
                    q @ (b'"' | b'\'') => j += 1 + memchr_byte(q, &b[j + 1..])? + 1,
                    _ => j = skip(j, &|c| is_html_space(c) || c == b'>'),
                }
            }
        }
    }
    let attrs_end = if self_closing { j - 1 } else { j };
    Some(Tag {
        name: &html[name_start..name_end],
        attrs: html[name_end..attrs_end].trim_matches(|c: char| c.is_ascii_whitespace()),
        closing,
        self_closing,
        end: j + 1,
    })
}

const HEADINGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6"];

/// Elements that are leaves: they never go on the stack.
fn is_void(name: &str) -> bool {
    [
        "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img",
        "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
    ]
    .contains(&name)
}

/// Elements whose contents the tokenizer reads as text up to their end tag. `noscript` is not
/// one: the parser behind `dom_smoothie` runs with scripting off, so it parses its markup.
fn is_raw_text(name: &str) -> bool {
    [
        "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
    ]
    .contains(&name)
}

/// Start tags that close an open `<p>` (in button scope) before they open.
fn closes_p(name: &str) -> bool {
    [
        "address", "article", "aside", "center", "details", "dialog", "dir", "div", "dl",
        "fieldset", "figure", "footer", "header", "hgroup", "main", "menu", "nav", "ol", "p",
        "search", "section", "summary", "ul", "pre", "listing", "form", "table", "hr", "xmp", "li",
        "dd", "dt",
    ]
    .contains(&name)
        || matches!(name, "blockquote" | "figcaption" | "plaintext")
        || HEADINGS.contains(&name)
}

/// Start tags before which the parser reopens the formatting elements that an end tag
/// closed implicitly (the "any other start tag" rule and the inline elements).
fn reconstructs_before(name: &str) -> bool {
    name == "xmp"
        || !(closes_p(name)
            || [
                "html", "head", "body", "frameset", "base", "basefont", "bgsound", "link", "meta",
                "noframes", "script", "style", "template", "title", "iframe", "noembed",
                "textarea", "rb", "rtc", "rp", "rt", "caption", "col", "colgroup", "frame",
                "tbody", "td", "tfoot", "th", "thead", "tr", "param", "source", "track",
            ]
            .contains(&name))
}

/// Elements that belong in the head; any other start tag ends it.
fn in_head(name: &str) -> bool {
    [
        "base", "basefont", "bgsound", "link", "meta", "title", "noscript", "noframes", "style",
        "script", "template", "head", "html",
    ]
    .contains(&name)
}

/// HTML start tags that end foreign (SVG/MathML) content.
fn breaks_out_of_foreign(name: &str) -> bool {
    [
        "b", "big", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em", "embed", "head",
        "hr", "i", "img", "li", "listing", "menu", "meta", "nobr", "ol", "p", "pre", "ruby", "s",
        "small", "span", "strong", "strike", "sub", "sup", "table", "tt", "u", "ul", "var",
    ]
    .contains(&name)
        || name == "blockquote"
        || HEADINGS.contains(&name)
}

/// HTML elements in the parser's "special" category.
fn is_special_html(n: &str) -> bool {
    is_void(n)
        || closes_p(n)
        || [
            "applet", "body", "button", "caption", "colgroup", "frameset", "head", "html",
            "iframe", "marquee", "noembed", "noframes", "noscript", "object", "script", "select",
            "style", "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "title", "tr",
        ]
        .contains(&n)
}

/// Formatting elements: the parser keeps a list of the open ones, reopens them where an end
/// tag closed them implicitly, and handles their end tags with the adoption agency.
fn is_formatting(name: &str) -> bool {
    [
        "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt",
        "u",
    ]
    .contains(&name)
}

/// Elements that put a marker on the list of active formatting elements: formatting
/// elements opened inside them are not reopened outside.
fn sets_marker(name: &str) -> bool {
    [
        "applet", "marquee", "object", "td", "th", "caption", "template",
    ]
    .contains(&name)
}

/// An element's namespace. SVG and MathML are foreign content, where `/>` closes an
/// element and no element's content is raw text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ns {
    Html,
    Svg,
    MathMl,
}

/// An element on the stack of open elements: its lower-case name and namespace, an id to
/// find it in the list of active formatting elements, and its depth in the tree (which the
/// stack's height is not always: `</form>` takes the form off the stack but leaves its
/// children in it).
struct Open {
    name: String,
    ns: Ns,
    id: usize,
    depth: usize,
    /// [`Open::is_special`] and [`Open::bounds_scope`], worked out once: the stack searches
    /// test them at every step.
    special: bool,
    scope: bool,
}

impl Open {
    fn is(&self, name: &str) -> bool {
        self.ns == Ns::Html && self.name == name
    }

    /// MathML text integration points and SVG HTML integration points: their content is
    /// HTML again. (MathML `annotation-xml` is one only with some `encoding`s; taken as not.)
    fn has_html_content(&self) -> bool {
        match self.ns {
            Ns::Html => true,
            Ns::Svg => matches!(self.name.as_str(), "foreignobject" | "desc" | "title"),
            Ns::MathMl => matches!(self.name.as_str(), "mi" | "mo" | "mn" | "ms" | "mtext"),
        }
    }

    /// The foreign elements that bound scopes and are special to the parser.
    fn is_integration_point(&self) -> bool {
        self.ns != Ns::Html && (self.has_html_content() || self.name == "annotation-xml")
    }

    fn new(name: String, ns: Ns, id: usize, depth: usize) -> Self {
        let mut e = Open {
            name,
            ns,
            id,
            depth,
            special: false,
            scope: false,
        };
        e.special = e.work_out_special();
        e.scope = e.work_out_scope();
        e
    }

    /// The boundary of the parser's default scope: an end tag does not reach past it.
    fn bounds_scope(&self) -> bool {
        self.scope
    }

    /// The parser's "special" category, which stops the search of some end tags and list items.
    fn is_special(&self) -> bool {
        self.special
    }

    fn work_out_scope(&self) -> bool {
        if self.ns != Ns::Html {
            return self.is_integration_point();
        }
        [
            "applet", "caption", "html", "table", "td", "th", "marquee", "object", "select",
            "template",
        ]
        .contains(&self.name.as_str())
    }

    fn bounds_table_scope(&self) -> bool {
        self.ns == Ns::Html && matches!(self.name.as_str(), "html" | "table" | "template")
    }

    fn work_out_special(&self) -> bool {
        if self.ns != Ns::Html {
            self.is_integration_point()
        } else {
            is_special_html(&self.name)
        }
    }
}

/// An entry of the list of active formatting elements.
enum Formatting<'a> {
    Marker,
    Element {
        id: usize,
        name: String,
        attrs: &'a str,
    },
}

/// What a start tag did to the scan.
enum Opened {
    Normal,
    /// A raw-text or RCDATA element: skip to its end tag.
    RawText(String),
    /// `<plaintext>`: the rest of the input is text.
    PlainText,
}

/// The tree builder's state, as far as depth goes.
struct Tree<'a> {
    stack: Vec<Open>,
    formatting: Vec<Formatting<'a>>,
    /// Per element id: [`ON_STACK`] and [`LISTED`] (in `formatting`), so that reopening
    /// formatting elements costs no search. An id with neither is free for reuse, which
    /// keeps this as small as the stack and the list, however many elements a page opens.
    slots: Vec<u8>,
    free: Vec<usize>,
    /// Whether the body has begun (explicitly or by content that implies it).
    in_body: bool,
    /// The parser's form element pointer: set by `<form>`, which it then ignores, and
    /// cleared by any `</form>`. [`NOWHERE`] once the form has left the stack (ids are
    /// reused).
    form: Option<usize>,
    /// The open templates whose content is a column group (they begin with `<col>`): the
    /// parser ignores any tag in them but `<col>` and `<template>`. And whether the top
    /// template has had no tag yet.
    col_templates: Vec<usize>,
    fresh_template: bool,
    max: usize,
    limit: usize,
    created: usize,
    budget: usize,
}

const NOWHERE: usize = usize::MAX;
const ON_STACK: u8 = 1;
const LISTED: u8 = 2;

impl<'a> Tree<'a> {
    fn new(limit: usize, budget: usize) -> Self {
        Tree {
            stack: Vec::new(),
            formatting: Vec::new(),
            slots: Vec::new(),
            free: Vec::new(),
            in_body: false,
            form: None,
            col_templates: Vec::new(),
            fresh_template: false,
            max: 0,
            limit,
            created: 0,
            budget,
        }
    }

    fn shape(&self) -> Shape {
        Shape {
            depth: self.max,
            elements: self.created,
        }
    }

    /// Past a limit: time to stop.
    fn over(&self) -> bool {
        self.max > self.limit || self.created > self.budget
    }

    fn top(&self) -> Option<&Open> {
        self.stack.last()
    }

    fn top_is(&self, names: &[&str]) -> bool {
        self.top()
            .is_some_and(|t| t.ns == Ns::Html && names.contains(&t.name.as_str()))
    }

    /// In SVG or MathML, where tags and text follow the rules of foreign content.
    fn in_foreign(&self) -> bool {
        self.top().is_some_and(|t| !t.has_html_content())
    }

    /// The index of the nearest open HTML element named in `names`, unless `bound` stops
    /// the search first.
    fn find(&self, names: &[&str], bound: impl Fn(&Open) -> bool) -> Option<usize> {
        for (i, e) in self.stack.iter().enumerate().rev() {
            if e.ns == Ns::Html && names.contains(&e.name.as_str()) {
                return Some(i);
            }
            if bound(e) {
                return None;
            }
        }
        None
    }

    fn new_id(&mut self) -> usize {
        self.created += 1;
        match self.free.pop() {
            Some(id) => id,
            None => {
                self.slots.push(0);
                self.slots.len() - 1
            }
        }
    }

    fn flag(&mut self, id: usize, flag: u8, on: bool) {
        let slot = &mut self.slots[id];
        if on {
            *slot |= flag;
        } else if *slot & flag != 0 {
            *slot &= !flag;
            if *slot == 0 {
                self.free.push(id);
            }
        }
    }

    fn list_push(&mut self, f: Formatting<'a>) {
        if let Formatting::Element { id, .. } = f {
            self.flag(id, LISTED, true);
        }
        self.formatting.push(f);
    }

    fn list_remove(&mut self, k: usize) {
        if let Formatting::Element { id, .. } = self.formatting.remove(k) {
            self.flag(id, LISTED, false);
        }
    }

    /// Points entry `k` of the list at a new element (a copy the parser made).
    fn list_repoint(&mut self, k: usize, new: usize) {
        if let Some(Formatting::Element { id, .. }) = self.formatting.get_mut(k) {
            let old = std::mem::replace(id, new);
            self.flag(old, LISTED, false);
            self.flag(new, LISTED, true);
        }
    }

    fn push_open(&mut self, name: String, ns: Ns) -> usize {
        let id = self.new_id();
        let mut depth = self.top().map_or(0, |t| t.depth) + 1;
        // Content misplaced in a table goes before the table, beside it ("foster parenting").
        let table_part = [
            "caption", "colgroup", "tbody", "thead", "tfoot", "tr", "td", "th",
        ]
        .contains(&name.as_str());
        if self.top_is(&["table", "tbody", "thead", "tfoot", "tr"]) && !table_part {
            if let Some(t) = self.table() {
                depth = self.stack[t].depth;
            }
        }
        self.insert_at(self.stack.len(), Open::new(name, ns, id, depth));
        id
    }

    fn insert_at(&mut self, i: usize, e: Open) {
        self.flag(e.id, ON_STACK, true);
        self.max = self.max.max(e.depth);
        self.stack.insert(i, e);
    }

    fn remove_at(&mut self, i: usize) -> Open {
        let e = self.stack.remove(i);
        self.flag(e.id, ON_STACK, false);
        if self.form == Some(e.id) {
            self.form = Some(NOWHERE);
        }
        if e.is("template") {
            self.col_templates.retain(|&t| t != e.id);
        }
        e
    }

    /// Pops elements down to and including the one at `i`.
    fn pop_to(&mut self, i: usize) {
        while self.stack.len() > i {
            self.remove_at(self.stack.len() - 1);
        }
    }

    /// Pops down to a cell, caption, template or object at `i` and ends its part of the
    /// list of formatting elements. The parser does this once per such closing, not for
    /// each of those elements it pops.
    fn close_marked(&mut self, i: usize) {
        self.pop_to(i);
        self.clear_to_marker();
    }

    /// [`Self::close_marked`] on the nearest open element named in `names`, if `bound` does
    /// not stop [`Self::find`] first.
    fn close_marked_named(&mut self, names: &[&str], bound: impl Fn(&Open) -> bool) {
        if let Some(i) = self.find(names, bound) {
            self.close_marked(i);
        }
    }

    fn clear_to_marker(&mut self) {
        while let Some(k) = self.formatting.len().checked_sub(1) {
            let marker = matches!(self.formatting[k], Formatting::Marker);
            self.list_remove(k);
            if marker {
                break;
            }
        }
    }

    fn pop(&mut self) {
        self.pop_to(self.stack.len().saturating_sub(1));
    }

    /// Pops the elements whose end tags the parser implies (`p`, `li`, `option`...), but not
    /// `except`.
    fn imply_end_tags(&mut self, except: &str) {
        const IMPLIED: &[&str] = &[
            "dd", "dt", "li", "optgroup", "option", "p", "rb", "rp", "rt", "rtc",
        ];
        while self.top_is(IMPLIED) && !self.top_is(&[except]) {
            self.pop();
        }
    }

    fn in_scope(&self, name: &str) -> bool {
        self.find(&[name], Open::bounds_scope).is_some()
    }

    fn close_p(&mut self) {
        if let Some(i) = self.find(&["p"], |e| e.bounds_scope() || e.is("button")) {
            self.pop_to(i);
        }
    }

    /// Text (the bytes between two tags), which reopens formatting elements where the
    /// parser puts it in the body.
    fn text(&mut self, text: &[u8]) {
        if text.is_empty() || self.in_foreign() || self.in_col_template() {
            return;
        }
        let blank = text.iter().all(|&c| is_html_space(c));
        if !blank {
            if self.top_is(&["head"]) {
                self.pop(); // text ends the head
            }
            self.in_body = true;
        }
        let table_text = self.top_is(&["table", "tbody", "thead", "tfoot", "tr"]);
        let select_text = self.top_is(&["select", "option", "optgroup"]);
        // Blank text between table parts, and text in a select, go in as they are.
        let as_is = select_text || (blank && table_text);
        if !as_is {
            self.reconstruct();
        }
    }

    /// The index in the formatting list and the id of the last element named `name` after
    /// the last marker.
    fn formatting_named(&self, name: &str) -> Option<(usize, usize)> {
        for (k, f) in self.formatting.iter().enumerate().rev() {
            match f {
                Formatting::Marker => return None,
                Formatting::Element { name: n, id, .. } if n == name => return Some((k, *id)),
                Formatting::Element { .. } => {}
            }
        }
        None
    }

    fn formatting_index(&self, id: usize) -> Option<usize> {
        self.formatting
            .iter()
            .rposition(|f| matches!(f, Formatting::Element { id: fid, .. } if *fid == id))
    }

    /// Adds a formatting element to the list; of four alike (same name and attributes)
    /// after the last marker, the parser forgets the earliest ("Noah's Ark").
    fn push_formatting(&mut self, id: usize, name: String, attrs: &'a str) {
        let mut alike = 0;
        let mut earliest = None;
        for (k, f) in self.formatting.iter().enumerate().rev() {
            match f {
                Formatting::Marker => break,
                Formatting::Element {
                    name: n, attrs: a, ..
                } if *n == name && *a == attrs => {
                    alike += 1;
                    earliest = Some(k);
                }
                Formatting::Element { .. } => {}
            }
        }
        if alike >= 3 {
            if let Some(k) = earliest {
                self.list_remove(k);
            }
        }
        self.list_push(Formatting::Element { id, name, attrs });
        // A bound on the list's length, so searching it stays cheap: more entries than the
        // depth limit could only be reopened by passing the limit anyway.
        let cap = 4 * self.limit + 16;
        while self.formatting.len() > cap {
            self.list_remove(0);
        }
    }

    /// Reopens the formatting elements after the last marker that are no longer open.
    fn reconstruct(&mut self) {
        let mut k = self.formatting.len();
        while k > 0 {
            match &self.formatting[k - 1] {
                Formatting::Marker => break,
                Formatting::Element { id, .. } if self.slots[*id] & ON_STACK != 0 => break,
                Formatting::Element { .. } => k -= 1,
            }
        }
        for k in k..self.formatting.len() {
            let Formatting::Element { name, .. } = &self.formatting[k] else {
                continue;
            };
            let name = name.clone();
            let new = self.push_open(name, Ns::Html);
            self.list_repoint(k, new);
            if self.over() {
                return;
            }
        }
    }

    /// The adoption agency algorithm (for a formatting end tag, and for `<a>` or `<nobr>`
    /// inside one), as far as the stack goes: while a block (special element) is open inside
    /// the formatting element, the parser moves the block up to the formatting element's
    /// parent with up to three formatting elements between them (dropping the others), puts
    /// a copy of the formatting element inside the block, and repeats with that copy up to
    /// eight times; then it closes what is left. False when the formatting element is out
    /// of scope at the start, so that the tag is ignored and nothing changed.
    fn adopt(&mut self, name: &str) -> bool {
        for round in 0..8 {
            let Some((f, id)) = self.formatting_named(name) else {
                self.other_end_tag(name);
                return true;
            };
            let Some(i) = self.stack.iter().rposition(|e| e.id == id) else {
                self.list_remove(f);
                return true;
            };
            if self.stack[i + 1..].iter().any(Open::bounds_scope) {
                return round > 0;
            }
            let Some(k) = self.stack[i + 1..].iter().position(Open::is_special) else {
                self.pop_to(i);
                self.list_remove(f);
                return true;
            };
            let block = i + 1 + k;
            let block_depth = self.stack[block].depth;
            let parent_depth = self.stack[i].depth.saturating_sub(1);
            // Between the formatting element and the block, from the block down: the first
            // three formatting elements are copied, everything else leaves the stack.
            for (n, at) in (i + 1..block).rev().enumerate() {
                let listed = self.formatting_index(self.stack[at].id);
                match listed {
                    Some(l) if n < 3 => {
                        let old = self.remove_at(at);
                        let new = self.new_id();
                        self.insert_at(at, Open { id: new, ..old });
                        self.list_repoint(l, new);
                    }
                    _ => {
                        if let Some(l) = listed {
                            self.list_remove(l);
                        }
                        self.remove_at(at);
                    }
                }
            }
            let old = self.remove_at(i);
            // The block again, now below the copies (there are no specials among them).
            let Some(block) = self.stack[i..].iter().position(Open::is_special) else {
                return true;
            };
            let block = i + block;
            let copy = self.new_id();
            self.insert_at(block + 1, Open { id: copy, ..old });
            if let Some(f) = self.formatting_index(id) {
                self.list_repoint(f, copy);
            }
            // The new chain under the formatting element's parent: the copies, the block,
            // the copy of the formatting element, then the block's old descendants.
            let mut depth = parent_depth;
            for e in &mut self.stack[i..=block + 1] {
                depth += 1;
                e.depth = depth;
            }
            for e in &mut self.stack[block + 2..] {
                e.depth = depth + e.depth.saturating_sub(block_depth);
            }
        }
        true
    }

    /// Closes an open cell or caption in the current table.
    fn close_cell(&mut self) {
        self.close_marked_named(&["td", "th", "caption"], Open::bounds_table_scope);
    }

    /// The index of the table whose context a table tag is in, if any.
    fn table(&self) -> Option<usize> {
        self.find(&["table"], Open::bounds_table_scope)
    }

    /// Closes the cell, row and row group a row group (`upto` = 3), row (2) or cell (1)
    /// starts in, and opens the row group and row it implies. False outside a table. A
    /// template's content may be table parts without a table, and without implied ones.
    fn table_part(&mut self, upto: usize) -> bool {
        let parts: [&[&str]; 3] = [&["td", "th"], &["tr"], &["tbody", "thead", "tfoot"]];
        self.close_cell();
        for names in &parts[1..upto] {
            if let Some(i) = self.find(names, Open::bounds_table_scope) {
                self.pop_to(i);
            }
        }
        let Some(t) = self.find(&["table", "template"], Open::bounds_table_scope) else {
            return false;
        };
        let implied = self.stack[t].is("table");
        if upto == 3 {
            self.pop_to(t + 1);
            return true;
        }
        if upto == 1 {
            if let Some(r) = self.find(&["tr"], Open::bounds_table_scope) {
                self.pop_to(r + 1);
                return true;
            }
        }
        match self.find(parts[2], Open::bounds_table_scope) {
            Some(g) => self.pop_to(g + 1),
            None => {
                self.pop_to(t + 1);
                if implied {
                    self.push_open("tbody".into(), Ns::Html);
                }
            }
        }
        if upto == 1 && implied {
            self.push_open("tr".into(), Ns::Html);
        }
        true
    }

    fn in_col_template(&self) -> bool {
        self.top()
            .is_some_and(|t| t.is("template") && self.col_templates.contains(&t.id))
    }

    fn start_tag(&mut self, name: String, attrs: &'a str, self_closing: bool) -> Opened {
        let fresh = std::mem::take(&mut self.fresh_template);
        if let Some(t) = self.top().filter(|t| t.is("template")) {
            if fresh && name == "col" {
                self.col_templates.push(t.id);
            }
        }
        if self.in_col_template() && name != "col" && name != "template" {
            return Opened::Normal;
        }
        // An `<svg>` in `annotation-xml` is SVG; any other tag there is MathML.
        let svg_in_annotation =
            name == "svg" && self.top().is_some_and(|t| t.name == "annotation-xml");
        if self.in_foreign() && !svg_in_annotation {
            if !breaks_out_of_foreign(&name) {
                if !self_closing {
                    let ns = self.top().map_or(Ns::Html, |t| t.ns);
                    self.push_open(name, ns);
                }
                return Opened::Normal;
            }
            while self.in_foreign() {
                self.pop();
            }
        }
        // The parser makes the root, head and body itself; their tags only count where they
        // come first.
        match name.as_str() {
            "html" if !self.stack.is_empty() => return Opened::Normal,
            "head" if self.in_body || self.stack.iter().any(|e| e.is("head")) => {
                return Opened::Normal
            }
            "body" if self.in_body => return Opened::Normal,
            _ => {}
        }
        if self.top_is(&["head"]) && !in_head(&name) {
            self.pop(); // body content ends the head
        }
        if !in_head(&name) {
            self.in_body = true;
        }
        if name == "form" && self.form.is_some() {
            return Opened::Normal; // a form inside a form is ignored
        }
        // A table closes a `<p>` only in no-quirks mode (pages with a doctype); assuming it
        // does not errs on the deeper side.
        if closes_p(&name) && name != "table" {
            self.close_p();
        }
        match name.as_str() {
            "li" | "dd" | "dt" => {
                let same: &[&str] = if name == "li" { &["li"] } else { &["dd", "dt"] };
                let stop =
                    |e: &Open| e.is_special() && !(e.is("address") || e.is("div") || e.is("p"));
                if let Some(i) = self.find(same, stop) {
                    self.pop_to(i);
                }
            }
            n if HEADINGS.contains(&n) && self.top_is(HEADINGS) => self.pop(),
            "a" => {
                // A second `a` ends the first, by the adoption agency (or, out of its
                // scope, by plain removal).
                if let Some((f, id)) = self.formatting_named("a") {
                    if !self.adopt("a") {
                        self.list_remove(f);
                        if let Some(i) = self.stack.iter().rposition(|e| e.id == id) {
                            self.remove_at(i);
                        }
                    }
                }
            }
            "nobr" => {
                self.reconstruct();
                if self.find(&["nobr"], Open::bounds_scope).is_some() {
                    self.adopt("nobr");
                }
            }
            "button" => {
                if let Some(i) = self.find(&["button"], Open::bounds_scope) {
                    self.pop_to(i);
                }
            }
            "option" | "optgroup" => {
                if self.in_scope("select") {
                    // An option ends an option, an optgroup ends both.
                    self.imply_end_tags(if name == "option" { "optgroup" } else { "" });
                } else if self.top_is(&["option"]) {
                    self.pop();
                }
            }
            "select" | "input" => {
                // Either inside a select closes it; a select then opens nothing.
                if let Some(i) = self.find(&["select"], Open::bounds_scope) {
                    self.pop_to(i);
                    if name == "select" {
                        return Opened::Normal;
                    }
                }
            }
            "hr" if self.in_scope("select") => self.imply_end_tags(""),
            "rb" | "rtc" | "rp" | "rt" if self.in_scope("ruby") => {
                self.imply_end_tags(if matches!(name.as_str(), "rp" | "rt") {
                    "rtc"
                } else {
                    ""
                });
            }
            "table" => {
                // A table straight inside a table (not in a cell or caption) closes it.
                let nearest = self.find(&["table", "td", "th", "caption"], |e| {
                    e.is("template") || e.is("html")
                });
                if let Some(i) = nearest.filter(|&i| self.stack[i].is("table")) {
                    self.pop_to(i);
                }
            }
            "caption" | "colgroup" | "col" | "tbody" | "thead" | "tfoot" | "tr" | "td" | "th" => {
                let upto = match name.as_str() {
                    "td" | "th" => 1,
                    "tr" => 2,
                    _ => 3,
                };
                if !self.table_part(upto) {
                    return Opened::Normal; // ignored outside a table
                }
            }
            _ => {}
        }
        if reconstructs_before(&name) {
            self.reconstruct();
        }
        if name == "svg" || name == "math" {
            if !self_closing {
                let ns = if name == "svg" { Ns::Svg } else { Ns::MathMl };
                self.push_open(name, ns);
            }
            return Opened::Normal;
        }
        if is_void(&name) {
            return Opened::Normal;
        }
        if is_raw_text(&name) {
            return Opened::RawText(name);
        }
        if name == "plaintext" {
            return Opened::PlainText;
        }
        let marker = sets_marker(&name);
        let formatting = is_formatting(&name);
        let id = self.push_open(name.clone(), Ns::Html);
        if name == "form" {
            self.form = Some(id);
        }
        self.fresh_template = name == "template";
        if marker {
            self.list_push(Formatting::Marker);
        } else if formatting {
            self.push_formatting(id, name, attrs);
        }
        Opened::Normal
    }

    fn end_tag(&mut self, name: &str) {
        // In foreign content an end tag closes the nearest foreign element of its name;
        // reaching HTML, the HTML rules apply. `</p>` and `</br>` leave foreign content.
        if matches!(name, "p" | "br") {
            while self.in_foreign() {
                self.pop();
            }
        }
        for i in (0..self.stack.len()).rev() {
            let e = &self.stack[i];
            if e.ns == Ns::Html {
                break;
            }
            if e.name == name {
                self.pop_to(i);
                return;
            }
        }
        let found = match name {
            // The parser never pops these: content after `</body>` still goes in the body.
            "body" | "html" | "br" => None,
            "head" => self.top_is(&["head"]).then(|| self.stack.len() - 1),
            // In any mode, whatever scope it is in.
            "template" => return self.close_marked_named(&["template"], |_| false),
            "td" | "th" | "caption" => {
                return self.close_marked_named(&[name], Open::bounds_table_scope);
            }
            "form" => {
                // Takes the form off the stack but leaves what is open inside it.
                let Some(id) = self.form.take() else {
                    return;
                };
                let at = self.stack.iter().rposition(|e| e.id == id);
                if let Some(i) = at.filter(|&i| !self.stack[i + 1..].iter().any(Open::bounds_scope))
                {
                    self.remove_at(i);
                }
                return;
            }
            "p" => self.find(&["p"], |e| e.bounds_scope() || e.is("button")),
            "li" => self.find(&["li"], |e| e.bounds_scope() || e.is("ol") || e.is("ul")),
            n if HEADINGS.contains(&n) => self.find(HEADINGS, Open::bounds_scope),
            "table" | "tbody" | "thead" | "tfoot" | "tr" | "colgroup" => {
                let found = self.find(&[name], Open::bounds_table_scope);
                if found.is_some() {
                    self.close_cell(); // first, if one is open inside
                }
                found
            }
            n if is_formatting(n) => {
                self.adopt(n);
                return;
            }
            "applet" | "marquee" | "object" => {
                return self.close_marked_named(&[name], Open::bounds_scope);
            }
            n if is_special_html(n) => self.find(&[n], Open::bounds_scope),
            n => {
                self.other_end_tag(n);
                return;
            }
        };
        if let Some(i) = found {
            self.pop_to(i);
        }
    }

    /// Any other end tag closes its element unless a special element is in the way.
    fn other_end_tag(&mut self, name: &str) {
        if let Some(i) = self.find(&[name], Open::is_special) {
            self.pop_to(i);
        }
    }
}
