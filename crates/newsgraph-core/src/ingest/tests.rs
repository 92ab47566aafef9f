//! Unit tests of `ingest`.

use super::*;

#[test]
fn text_title_is_first_line_when_headline() {
    let got = from_text(
        b"Putin in China\n\nPresident Putin arrived. He spoke.",
        None,
    )
    .unwrap();
    assert_eq!(got.article.title.as_deref(), Some("Putin in China"));
    assert!(got.article.text.starts_with("Putin in China"));
    let got = from_text(b"A full sentence here.\nAnother one.", None).unwrap();
    assert_eq!(got.article.title, None);
}

#[test]
fn text_bom_crlf_and_latin1() {
    let got = from_text(b"\xEF\xBB\xBFTitle\r\nBody text.\r\n", None).unwrap();
    assert!(got.article.text.starts_with("Title"));
    assert_eq!(got.article.title.as_deref(), Some("Title"));
    let got = from_text(b"Costs \xA3600m today.", None).unwrap();
    assert_eq!(got.article.text, "Costs \u{a3}600m today.");
    assert_eq!(got.warnings.len(), 1);
}

#[test]
fn text_rejects_nul_and_empty() {
    assert!(from_text(b"abc\0def", None)
        .unwrap_err()
        .reason
        .contains("NUL"));
    assert!(from_text(b" \n\t ", None)
        .unwrap_err()
        .reason
        .contains("empty"));
    assert!(from_text(b"", None).is_err());
}

#[test]
fn jsonl_fields_and_errors() {
    let ok = from_json_line(
        br#"{"id": 7, "title": "T", "published": "2023-10-18", "body": "Some text."}"#,
    )
    .unwrap();
    assert_eq!(ok.article.external_id.as_deref(), Some("7"));
    assert_eq!(ok.article.published.as_deref(), Some("2023-10-18"));
    assert_eq!(ok.article.text, "Some text.");

    let e = from_json_line(br#"{"id": "a1", "text": 5}"#).unwrap_err();
    assert_eq!(e.id.as_deref(), Some("a1"));
    assert!(e.reason.contains("`text` must be a string"), "{}", e.reason);
    assert!(from_json_line(b"[1,2]")
        .unwrap_err()
        .reason
        .contains("object"));
    assert!(from_json_line(b"{bad json")
        .unwrap_err()
        .reason
        .contains("invalid JSON"));
    assert!(from_json_line(b"{\"text\": \"\xff\"}")
        .unwrap_err()
        .reason
        .contains("UTF-8"));
    assert!(from_json_line(br#"{"title": "x"}"#)
        .unwrap_err()
        .reason
        .contains("missing"));
    assert!(from_json_line(br#"{"text": "a\u0000b"}"#)
        .unwrap_err()
        .reason
        .contains("NUL"));
}

#[test]
fn jsonl_unreadable_date_is_a_warning() {
    let got =
        from_json_line(br#"{"id": "a1", "text": "Some text.", "published": "last week"}"#).unwrap();
    assert_eq!(got.article.text, "Some text.");
    assert_eq!(got.article.published, None);
    assert_eq!(
        got.warnings,
        ["field `published` is \"last week\", not a date we can read; ignored"]
    );
    let got = from_json_line(br#"{"text": "Some text.", "published": 20161124}"#).unwrap();
    assert_eq!(
        got.warnings,
        ["field `published` is a number, not a date we can read; ignored"]
    );
    // A date in another format is read.
    let got =
        from_json_line(br#"{"text": "Some text.", "published": "24 November 2016"}"#).unwrap();
    assert_eq!(got.article.published.as_deref(), Some("2016-11-24"));
    assert!(got.warnings.is_empty());
}

#[test]
fn jsonl_nul_in_any_string_field_is_an_error() {
    for field in ["id", "title", "url", "source", "published", "text", "body"] {
        let mut record = serde_json::json!({"text": "Some text.", "title": "T"});
        record[field] = "a\u{0}b".into();
        let e = from_json_line(record.to_string().as_bytes()).unwrap_err();
        assert_eq!(e.reason, format!("NUL character at byte 1 of `{field}`"));
    }
}

#[test]
fn dates_normalise() {
    assert_eq!(
        normalise_date("2023-10-18T09:30:00Z").unwrap(),
        "2023-10-18T09:30:00Z"
    );
    assert_eq!(
        normalise_date("2023-10-18T09:30:00+08:00").unwrap(),
        "2023-10-18T09:30:00+08:00"
    );
    assert_eq!(
        normalise_date("2023-10-18 09:30:00").unwrap(),
        "2023-10-18T09:30:00Z"
    );
    assert!(normalise_date("2023-13-45").is_none());
}

#[test]
fn dates_in_news_formats() {
    let cases = [
        ("Wed Nov 23, 2016 | 3:01pm EST", "2016-11-23T15:01:00-05:00"),
        ("24 November 2016", "2016-11-24"),
        ("Dec 18, 2016 9:57 AM ET", "2016-12-18T09:57:00-05:00"),
        ("Jul 4, 2016 9:57 AM ET", "2016-07-04T09:57:00-04:00"),
        ("9 Oct 2012, 7:43am EDT", "2012-10-09T07:43:00-04:00"),
        (
            "Mon, 02 Jan 2006 15:04:05 -0700",
            "2006-01-02T15:04:05-07:00",
        ),
        ("2016-11-24T10:00:00.000Z", "2016-11-24T10:00:00Z"),
        ("November 24, 2016", "2016-11-24"),
        ("24.11.2016", "2016-11-24"),
        ("11/24/2016", "2016-11-24"),
        ("2016/11/24", "2016-11-24"),
        (
            "Thursday, 24th of November 2016 at 12:30 p.m. GMT",
            "2016-11-24T12:30:00Z",
        ),
        ("24 Nov 2016 12:00am CET", "2016-11-24T00:00:00+01:00"),
        (
            "Sept. 3, 2019 - 10:15:30 UTC+5:30",
            "2019-09-03T10:15:30+05:30",
        ),
        ("2016-11-24 10:00:00 +0000", "2016-11-24T10:00:00Z"),
        ("March 8, 2020 3pm PT", "2020-03-08T15:00:00-07:00"),
        ("March 7, 2020 3pm PT", "2020-03-07T15:00:00-08:00"),
        ("24 Nov 2016 10:00", "2016-11-24T10:00:00Z"),
    ];
    for (raw, want) in cases {
        assert_eq!(normalise_date(raw).as_deref(), Some(want), "{raw}");
    }
    for raw in [
        "01/02/2016", // day and month could be either
        "last week",
        "Nov 23",
        "Nov 2016",
        "23 Nov 16",
        "31 Nov 2016",
        "Nov 23, 2016 13:00 pm",
        "Nov 23, 2016 3:01pm IST",
        "Nov 23, 2016 3:01pm EST EDT",
        "Nov 23 24, 2016",
        "24.11.2016 25.11.2016",
        "24 novembre 2016",
        "",
    ] {
        assert_eq!(normalise_date(raw), None, "{raw}");
    }
}

#[test]
fn html_main_content_title_and_date() {
    let html = br#"<html><head><title>Putin visits China | News</title>
            <meta property="og:site_name" content="Example News">
            <meta property="article:published_time" content="2023-10-18T08:00:00Z"></head>
            <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
            <article><h1>Putin visits China</h1>
            <p>President Vladimir Putin is making a key trip to China, Russia's most important ally, that will seek to shore up an alliance against the West.</p>
            <p>China's border with Russia is marked by the small city of Heihe. Many local tourists come here to peek into neighbouring Blagoveshchensk, just across the river.</p>
            </article><footer>Copyright 2023</footer></body></html>"#;
    let got = from_html(html, None).unwrap();
    let a = got.article;
    assert!(a.text.contains("Heihe"), "{}", a.text);
    assert!(!a.text.contains("Copyright"), "{}", a.text);
    assert_eq!(a.published.as_deref(), Some("2023-10-18T08:00:00Z"));
    assert_eq!(a.source.as_deref(), Some("Example News"));
    assert!(a.title.unwrap().contains("Putin visits China"));
}

#[test]
fn html_rejects_absurd_nesting() {
    let html = "<div>".repeat(100_000) + "text";
    let e = from_html(html.as_bytes(), None).unwrap_err();
    assert!(e.reason.contains("deep"), "{}", e.reason);
}

/// A page around `extra`, with an article the extractor keeps.
fn page_with(extra: &str) -> String {
    format!(
        "<html><head><title>Flood report</title></head><body><article><h1>Flood report</h1>\
             <p>Heavy rain flooded the river valley on Tuesday, and rescue teams moved hundreds \
             of families from their homes to schools on higher ground near the old bridge.</p>\
             {extra}<p>Officials said the water would take several days to recede, and they \
             asked drivers to stay away from the flooded roads along the valley floor.</p>\
             </article></body></html>"
    )
}

#[test]
fn html_depth_follows_the_parser_on_valid_pages() {
    let svg = r#"<svg viewBox="0 0 24 24" width="16"><path d="M2 2h20v20H2z"/></svg> "#;
    let divs = "<div>".repeat(1_000);
    let valid = [
        // Unclosed paragraphs close each other.
        "<p>Rain fell again overnight across the valley".repeat(520),
        // Unclosed options close each other.
        format!("<select>{}</select>", "<option>choice".repeat(600)),
        // Unclosed cells and rows close each other within their table.
        format!("<table>{}</table>", "<tr><td>level<td>rising".repeat(300)),
        // `/>` closes an element in SVG (icons inline in a page).
        svg.repeat(600),
        // Tags in script text and in comments are text, not elements.
        format!("<script>var s = \"{divs}\";</script>"),
        format!("<!-- {divs} -->"),
    ];
    for extra in &valid {
        let html = page_with(extra);
        let shape = html_shape(&html, MAX_HTML_DEPTH);
        assert!(shape.depth < 12, "{shape:?} for {}", &extra[..60]);
        let got = from_html(html.as_bytes(), None)
            .unwrap_or_else(|e| panic!("{}: {}", &extra[..60], e.reason));
        assert!(
            got.article.text.contains("rescue teams"),
            "{}",
            got.article.text
        );
        assert!(
            got.article.text.contains("several days"),
            "{}",
            got.article.text
        );
    }
}

#[test]
fn html_depth_still_rejects_deep_trees() {
    let open: String = (0..400).map(|k| format!("<b id={k}>")).collect();
    let deep = [
        "<b>x".repeat(1_000),
        "<span>x".repeat(1_000),
        // `</div>` closes the 400 formatting elements, and the parser reopens them all
        // around the text, inside 200 more divs: 600 deep, though never 600 tags open.
        format!("<div>{open}</div>{}text", "<div>".repeat(200)),
        // In MathML `foreignObject` is no integration point, so this `title` is no RCDATA
        // element hiding the divs after it.
        format!("<math><foreignObject><title>{}", "<div>".repeat(1_000)),
        // In a template that begins with `<col>` the parser ignores `<title>`.
        format!(
            "<template><col><title></template>{}</title>",
            "<div>".repeat(1_000)
        ),
        // `</script>` inside `<!--<script>` in a script does not end it; the second does.
        format!(
            "<script><!--<script></script>{}</script>{}",
            "</div>".repeat(600),
            "<div>".repeat(600)
        ),
    ];
    for html in &deep {
        let e = from_html(page_with(html).as_bytes(), None).unwrap_err();
        assert!(e.reason.contains("deep"), "{}: {}", &html[..40], e.reason);
    }
}

#[test]
fn html_depth_of_misnested_tags() {
    let depth = |html: &str| html_shape(html, 10_000).depth;
    // `</b>` with a block open inside: the block moves out of the `b` (adoption agency).
    assert_eq!(depth(&"<b><div>x</b>".repeat(300)), 301);
    // A new `<a>` ends the one open around it.
    assert_eq!(depth(&"<a href=x><div>t".repeat(300)), 301);
    // `</form>` takes the form off the stack, not what is open inside it.
    assert_eq!(depth(&"<form><object></form>".repeat(50)), 100);
    // Nested lists nest; a list item ends the one before in the same list.
    assert_eq!(depth(&"<ul><li>a".repeat(100)), 200);
    assert_eq!(depth(&format!("<ul>{}", "<li>a".repeat(100))), 2);
    // Content misplaced in a table goes beside it, not inside.
    assert_eq!(depth("<table><tr><td>a</td></tr><div><span>x</table>"), 4);
    assert_eq!(depth("<table><div><span>x</table>"), 2);
}

#[test]
fn html_rejects_formatting_reopened_without_end() {
    // 300 distinct formatting elements inside a paragraph, then short paragraphs: the
    // parser would reopen all 300 in each, 900,000 elements from 15 kB.
    let open: String = (0..300).map(|k| format!("<b id={k}>")).collect();
    let html = format!("<p>{open}{}", "<p>x".repeat(3_000));
    let shape = html_shape(&html, MAX_HTML_DEPTH);
    assert!(shape.depth <= MAX_HTML_DEPTH, "{shape:?}");
    let e = from_html(html.as_bytes(), None).unwrap_err();
    assert!(e.reason.contains("elements"), "{}", e.reason);
}

/// A page in bytes: `head` inside `<head>`, `body` as the article's middle paragraph.
fn page_bytes(head: &[u8], body: &[u8]) -> Vec<u8> {
    let mut page = b"<html><head>".to_vec();
    page.extend_from_slice(head);
    page.extend_from_slice(
        b"</head><body><article><h1>Flood report</h1><p>Heavy rain flooded the river \
              valley on Tuesday, and rescue teams moved hundreds of families to higher ground \
              near the old bridge over the river.</p><p>",
    );
    page.extend_from_slice(body);
    page.extend_from_slice(
        b"</p><p>Officials said the water would take several days to recede, and they \
              asked drivers to stay away from the flooded roads along the valley floor.</p>\
              </article></body></html>",
    );
    page
}

/// A paragraph in Russian, long enough for the detector (our own text).
const RUSSIAN: &str = "\
        Сильный дождь затопил долину реки во вторник, и спасатели перевезли сотни семей в \
        школы на возвышенности. Власти сообщили, что вода будет уходить несколько дней, и \
        попросили водителей не ездить по затопленным дорогам вдоль реки.";

#[test]
fn html_utf16_label_on_ascii_bytes_means_utf8() {
    let page = page_bytes(b"<meta charset=\"utf-16\">", b"The caf\xE9 by the bridge.");
    let got = from_html(&page, None).unwrap();
    let text = &got.article.text;
    assert!(text.contains("rescue teams"), "{text}");
    assert!(text.contains("The caf\u{FFFD} by the bridge."), "{text}");
    assert_eq!(
        got.warnings,
        ["HTML declares charset \"utf-16\" (read as UTF-8); invalid UTF-8 sequences replaced"]
    );
}

#[test]
fn html_x_user_defined_means_windows_1252() {
    let page = page_bytes(b"<meta charset=x-user-defined>", b"Repairs cost \x80 5m.");
    let got = from_html(&page, None).unwrap();
    assert!(
        got.article.text.contains("Repairs cost \u{20AC} 5m."),
        "{}",
        got.article.text
    );
    assert!(got.warnings.is_empty(), "{:?}", got.warnings);
}

#[test]
fn html_unsupported_charset_is_named_and_the_encoding_guessed() {
    for label in ["utf-7", "x-no-such-encoding"] {
        let head = format!("<meta charset=\"{label}\">");
        let page = page_bytes(head.as_bytes(), b"The caf\xE9 by the bridge.");
        let got = from_html(&page, None).unwrap();
        assert!(
            got.article.text.contains("The caf\u{E9} by"),
            "{}",
            got.article.text
        );
        assert_eq!(
            got.warnings,
            [format!(
                "HTML declares charset {label:?}, which is not supported; guessed \
                     windows-1252 from the bytes"
            )]
        );
    }
}

#[test]
fn html_without_charset_is_guessed_not_assumed_windows_1252() {
    let (russian, _, _) = encoding_rs::WINDOWS_1251.encode(RUSSIAN);
    let got = from_html(&page_bytes(b"", &russian), None).unwrap();
    assert!(got.article.text.contains(RUSSIAN), "{}", got.article.text);
    assert_eq!(
        got.warnings,
        ["HTML is not UTF-8 and declares no charset; guessed windows-1251 from the bytes"]
    );
}

#[test]
fn html_charset_prescan_follows_whatwg() {
    // A commented-out declaration and a `content` without `http-equiv` do not count;
    // spaces around `=` in the pragma do not matter.
    let head = b"<!-- <meta charset=\"iso-8859-7\"> -->\
            <meta name=\"description\" content=\"charset=iso-8859-7\">\
            <meta content='text/html; charset = koi8-r' http-equiv=Content-Type>";
    let (russian, _, _) = encoding_rs::KOI8_R.encode(RUSSIAN);
    let got = from_html(&page_bytes(head, &russian), None).unwrap();
    assert!(got.article.text.contains(RUSSIAN), "{}", got.article.text);
    assert!(got.warnings.is_empty(), "{:?}", got.warnings);
    // A `>` inside another tag's quoted attribute does not end it early.
    let declared = prescan_charset(b"<a title='x<meta charset=big5>'><meta charset=gbk>");
    assert_eq!(
        declared,
        Declared::Usable {
            label: "gbk".into(),
            encoding: encoding_rs::GBK
        }
    );
    assert_eq!(prescan_charset(b"<p>no declaration</p>"), Declared::Nothing);
}

#[test]
fn html_byte_order_mark_comes_first() {
    // UTF-16 with a byte order mark: NUL bytes are part of the encoding, not binary data.
    let page = page_bytes(b"<meta charset=windows-1252>", "The café.".as_bytes());
    let text = String::from_utf8(page).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let got = from_html(&utf16, None).unwrap();
    assert!(
        got.article.text.contains("The café."),
        "{}",
        got.article.text
    );
    // A UTF-8 byte order mark beats the declaration too.
    let mut page = b"\xEF\xBB\xBF".to_vec();
    page.extend(page_bytes(b"<meta charset=windows-1252>", b"The caf\xE9."));
    let got = from_html(&page, None).unwrap();
    assert!(
        got.article.text.contains("The caf\u{FFFD}."),
        "{}",
        got.article.text
    );
    assert_eq!(
        got.warnings,
        ["HTML has a UTF-8 byte order mark but invalid UTF-8 sequences; replaced"]
    );
}

#[test]
fn sniffing() {
    assert_eq!(InputFormat::sniff(b"  {\"text\":1}"), InputFormat::Jsonl);
    assert_eq!(InputFormat::sniff(b"\xEF\xBB\xBF<html>"), InputFormat::Html);
    assert_eq!(InputFormat::sniff(b"Hello"), InputFormat::Text);
}
