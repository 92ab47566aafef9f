//! The pipeline's layering, checked on the source: a stage imports only the stages before it
//! (and the shared foundation), never one after it, so each can be read, tested and reused
//! without what follows. The evaluation modules run the whole pipeline and are exempt.

use std::fs;
use std::path::{Path, PathBuf};

/// Each top-level module's layer: a module may import modules of a lower layer only.
const LAYERS: &[(&str, u8)] = &[
    ("error", 0),
    ("label", 0),
    ("article", 0),
    ("artifact", 1),
    ("learn", 2),
    ("segment", 3),
    ("dates", 4),
    ("ingest", 5),
    ("tag", 6),
    ("parse", 7),
    ("geo", 8),
    ("tone", 8),
    ("events", 9),
    ("analysis", 10),
    ("export", 11),
];

fn layer(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|&(_, l)| l)
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The `crate::module` paths a file's code (not its comments) names.
fn imports(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.push(name);
            }
        }
    }
    found
}

#[test]
fn no_stage_imports_a_later_one() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut wrong = Vec::new();
    let mut checked = 0;
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        let name = rel.file_name().unwrap().to_str().unwrap();
        // Tests may use anything; the evaluation modules score the whole pipeline.
        if name == "tests.rs" || name == "eval.rs" || name == "lib.rs" {
            continue;
        }
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_str()
            .unwrap();
        let module = top.trim_end_matches(".rs");
        let Some(own) = layer(module) else {
            wrong.push(format!(
                "{}: module {module} has no layer in LAYERS",
                rel.display()
            ));
            continue;
        };
        checked += 1;
        let text = fs::read_to_string(file).unwrap();
        // A file's own test module may reach further.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for used in imports(code) {
            if used == module {
                continue;
            }
            // Names that are no module (crate::Pipeline, crate::Analysis) are root re-exports.
            if layer(&used).is_some_and(|l| l >= own) {
                wrong.push(format!("{}: {module} imports {used}", rel.display()));
            }
        }
    }
    assert!(checked >= 25, "only {checked} files checked");
    assert!(
        wrong.is_empty(),
        "imports against the pipeline's order:\n{}",
        wrong.join("\n")
    );
}
