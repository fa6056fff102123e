//! The workspace's shape, checked: no two files of a crate import each
//! other, directly or round about (a newcomer reads the stages in one
//! direction), and `idcard`'s root stays a short list.
//!
//! A file's imports are the `crate::…`, `super::…` and `self::…` paths its
//! code names outside its `#[cfg(test)]` module and comments, each resolved
//! to the file of the deepest module it names.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The workspace's crates with a `src/` of their own.
const CRATES: [&str; 10] = [
    "ocr-core",
    "ocr-image",
    "ocr-client",
    "ocr-engine",
    "ocr-server",
    "ocr-layout",
    "ocr-form",
    "idcard",
    "bizlicence",
    "docstruct",
];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Module path (`["page", "group"]`) → file, for every `.rs` file under `src`.
fn modules(src: &Path) -> BTreeMap<Vec<String>, PathBuf> {
    let mut out = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(src).unwrap();
            let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
            let last = parts.pop().unwrap();
            let stem = last.trim_end_matches(".rs");
            if !matches!(stem, "lib" | "main" | "mod") {
                parts.push(stem.to_owned());
            }
            out.insert(parts, path);
        }
    }
    out
}

/// The code outside the unit-test module (by convention the file's end),
/// without comment lines (a doc link is no import).
fn non_test_source(text: &str) -> String {
    let code = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => text,
    };
    code.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every path the source names from `crate`, `super` or `self`, as module
/// paths relative to the crate root (`use crate::{a::b, c}` gives both).
fn named_paths(source: &str, here: &[String], is_dir_module: bool) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes: Vec<char> = source.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let rest: String = bytes[i..bytes.len().min(i + 7)].iter().collect();
        let (start, skip) = if rest.starts_with("crate::") {
            (Vec::new(), 7)
        } else if rest.starts_with("super::") {
            // a `mod.rs`'s parent is one up from its own module
            let mut base = here.to_vec();
            if !is_dir_module {
                base.pop();
            }
            base.pop();
            (base, 7)
        } else if rest.starts_with("self::") {
            let mut base = here.to_vec();
            if !is_dir_module {
                base.pop();
            }
            (base, 6)
        } else {
            i += 1;
            continue;
        };
        let preceded_by_ident = i > 0 && (bytes[i - 1].is_alphanumeric() || bytes[i - 1] == '_');
        i += skip;
        if preceded_by_ident {
            continue;
        }
        let mut start = start;
        while bytes[i..].starts_with(&['s', 'u', 'p', 'e', 'r', ':', ':']) {
            start.pop();
            i += 7;
        }
        let (paths, used) = parse_tree(&bytes[i..]);
        i += used;
        for p in paths {
            let mut full = start.clone();
            full.extend(p);
            out.push(full);
        }
    }
    out
}

/// A use tree at the start of `s` (`a::b::C`, `a::{b, c::D}`), as paths.
fn parse_tree(s: &[char]) -> (Vec<Vec<String>>, usize) {
    let mut i = 0;
    let mut prefix = Vec::new();
    loop {
        let start = i;
        while i < s.len() && (s[i].is_alphanumeric() || s[i] == '_') {
            i += 1;
        }
        if i > start {
            prefix.push(s[start..i].iter().collect::<String>());
        }
        if i + 1 < s.len() && s[i] == ':' && s[i + 1] == ':' {
            i += 2;
            if i < s.len() && s[i] == '{' {
                i += 1;
                let mut out = Vec::new();
                loop {
                    while i < s.len() && (s[i].is_whitespace() || s[i] == ',') {
                        i += 1;
                    }
                    if i >= s.len() || s[i] == '}' {
                        return (out, i + 1);
                    }
                    let (inner, used) = parse_tree(&s[i..]);
                    i += used.max(1);
                    for p in inner {
                        let mut full = prefix.clone();
                        full.extend(p);
                        out.push(full);
                    }
                }
            }
            continue;
        }
        return (vec![prefix], i);
    }
}

/// The file of the deepest module `path` names.
fn resolve<'a>(path: &[String], modules: &'a BTreeMap<Vec<String>, PathBuf>) -> Option<&'a PathBuf> {
    (0..=path.len()).rev().find_map(|n| modules.get(&path[..n]))
}

/// A cycle in the crate's file graph, if there is one.
fn find_cycle(edges: &BTreeMap<PathBuf, BTreeSet<PathBuf>>) -> Option<Vec<PathBuf>> {
    fn visit(
        node: &PathBuf,
        edges: &BTreeMap<PathBuf, BTreeSet<PathBuf>>,
        state: &mut BTreeMap<PathBuf, u8>,
        stack: &mut Vec<PathBuf>,
    ) -> Option<Vec<PathBuf>> {
        state.insert(node.clone(), 1);
        stack.push(node.clone());
        for next in edges.get(node).into_iter().flatten() {
            match state.get(next).copied().unwrap_or(0) {
                1 => {
                    let at = stack.iter().position(|n| n == next).unwrap();
                    return Some(stack[at..].to_vec());
                }
                0 => {
                    if let Some(c) = visit(next, edges, state, stack) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(node.clone(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in edges.keys() {
        if state.get(node).copied().unwrap_or(0) == 0 {
            let mut stack = Vec::new();
            if let Some(c) = visit(node, edges, &mut state, &mut stack) {
                return Some(c);
            }
        }
    }
    None
}

fn file_graph(src: &Path) -> BTreeMap<PathBuf, BTreeSet<PathBuf>> {
    let modules = modules(src);
    let mut edges: BTreeMap<PathBuf, BTreeSet<PathBuf>> = BTreeMap::new();
    for (module, file) in &modules {
        let text = std::fs::read_to_string(file).unwrap();
        let is_dir_module = file
            .file_name()
            .is_some_and(|n| n == "mod.rs" || n == "lib.rs" || n == "main.rs");
        let targets = edges.entry(file.clone()).or_default();
        for path in named_paths(&non_test_source(&text), module, is_dir_module) {
            if let Some(target) = resolve(&path, &modules)
                && target != file
            {
                targets.insert(target.clone());
            }
        }
    }
    edges
}

#[test]
fn no_file_imports_a_file_that_imports_it_back() {
    let cycles: Vec<String> = CRATES
        .iter()
        .filter_map(|krate| {
            let cycle = find_cycle(&file_graph(&workspace().join(krate).join("src")))?;
            Some(format!("{krate}: {cycle:?}"))
        })
        .collect();
    assert!(cycles.is_empty(), "import cycles: {cycles:#?}");
}

#[test]
fn the_checker_sees_a_cycle_through_a_use_tree() {
    let dir = std::env::temp_dir().join(format!("docstruct-architecture-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("stage")).unwrap();
    std::fs::write(dir.join("lib.rs"), "mod a;\nmod stage;\n").unwrap();
    std::fs::write(dir.join("a.rs"), "use crate::stage::{b::Thing, other};\n").unwrap();
    std::fs::write(dir.join("stage/mod.rs"), "pub mod b;\n").unwrap();
    std::fs::write(
        dir.join("stage/b.rs"),
        "pub struct Thing;\nfn f() { super::super::a::g() }\n",
    )
    .unwrap();
    let cycle = find_cycle(&file_graph(&dir));
    std::fs::remove_dir_all(&dir).unwrap();
    let cycle = cycle.expect("a.rs → stage/b.rs → a.rs");
    assert_eq!(cycle.len(), 2, "{cycle:?}");
}

#[test]
fn idcard_s_root_names_at_most_twenty_items() {
    let lib = std::fs::read_to_string(workspace().join("idcard/src/lib.rs")).unwrap();
    let mut names = 0;
    for statement in lib.split(';') {
        let statement = statement.trim();
        let Some(rest) = statement.rfind("pub use ").map(|at| &statement[at + 8..]) else {
            continue;
        };
        names += match (rest.find('{'), rest.rfind('}')) {
            (Some(a), Some(b)) => rest[a + 1..b].split(',').filter(|n| !n.trim().is_empty()).count(),
            _ => 1,
        };
    }
    let modules = lib.lines().filter(|l| l.starts_with("pub mod ")).count();
    assert!(
        names + modules <= 20,
        "{names} names and {modules} modules at idcard's root"
    );
    assert!(names > 0);
}
