//! How each language (by tokei's name) manages memory. A language not listed here is a
//! programming language of model `other`; data, markup and prose are listed as `none` and stay
//! out of every share's denominator.

use crate::report::model::MemoryModel;
use MemoryModel::{Gc, Manual, None as Data, Other, Ownership};

/// (tokei name, model), sorted by name (byte order) for binary search.
pub const MEMORY_MODELS: &[(&str, MemoryModel)] = &[
    (".NET Resource", Data),
    ("ABNF", Data),
    ("ASN.1", Data),
    ("ActionScript", Gc),
    ("Ada", Manual),
    ("Arduino C++", Manual),
    ("AsciiDoc", Data),
    ("Assembly", Manual),
    ("Autoconf", Other),
    ("Automake", Other),
    ("BASH", Other),
    ("Batch", Other),
    ("Bazel", Other),
    ("C", Manual),
    ("C Header", Manual),
    ("C Shell", Other),
    ("C#", Gc),
    ("C++", Manual),
    ("C++ Header", Manual),
    ("C++ Module", Manual),
    ("C3", Manual),
    ("CMake", Other),
    ("CSS", Data),
    ("CUDA", Manual),
    ("Clojure", Gc),
    ("ClojureC", Gc),
    ("ClojureScript", Gc),
    ("CoffeeScript", Gc),
    ("Common Lisp", Gc),
    ("Crystal", Gc),
    // Cython compiles to C: its `cdef` code holds raw pointers and calls malloc/memcpy unchecked.
    ("Cython", Manual),
    ("D", Gc),
    ("Dart", Gc),
    ("Device Tree", Data),
    ("Djot", Data),
    ("Dockerfile", Other),
    ("Elixir", Gc),
    ("Elm", Gc),
    ("Emacs Lisp", Gc),
    ("Erlang", Gc),
    ("F#", Gc),
    ("FORTRAN Legacy", Manual),
    ("FORTRAN Modern", Manual),
    ("FlatBuffers Schema", Data),
    ("Forth", Manual),
    ("GDScript", Gc),
    ("GNU Style Assembly", Manual),
    ("Gleam", Gc),
    ("Go", Gc),
    ("Go HTML", Data),
    ("GraphQL", Data),
    ("Groovy", Gc),
    ("HCL", Data),
    ("HEX", Data),
    ("HTML", Data),
    ("Handlebars", Data),
    ("Haskell", Gc),
    ("Haxe", Gc),
    ("HolyC", Manual),
    ("INI", Data),
    ("Intel HEX", Data),
    ("JSON", Data),
    ("JSX", Gc),
    ("Java", Gc),
    ("JavaScript", Gc),
    ("Jinja2", Data),
    ("Julia", Gc),
    ("Jupyter Notebooks", Gc),
    ("Korn shell", Other),
    ("Kotlin", Gc),
    ("LD Script", Other),
    ("LESS", Data),
    ("LLVM", Manual),
    ("Liquid", Data),
    ("Lua", Gc),
    ("M1 Assembly", Manual),
    ("MDX", Data),
    ("MSBuild", Data),
    ("Makefile", Other),
    ("Markdown", Data),
    ("Meson", Other),
    ("Metal Shading Language", Manual),
    ("Module-Definition", Data),
    ("Mojo", Ownership),
    ("Mustache", Data),
    ("Nim", Gc),
    ("Nix", Other),
    ("NuGet Config", Data),
    ("OCaml", Gc),
    ("Objective-C", Manual),
    ("Objective-C++", Manual),
    ("Odin", Manual),
    ("OpenCL", Manual),
    ("Org", Data),
    ("PHP", Gc),
    ("PO File", Data),
    ("Pascal", Manual),
    ("Perl", Gc),
    ("Plain Text", Data),
    ("PostCSS", Data),
    ("PowerShell", Other),
    ("Protocol Buffers", Data),
    ("Pug", Data),
    ("PureScript", Gc),
    ("Python", Gc),
    ("R", Gc),
    ("Racket", Gc),
    ("Rakefile", Gc),
    ("Raku", Gc),
    ("Razor", Data),
    ("ReScript", Gc),
    ("ReStructuredText", Data),
    ("Ruby", Gc),
    ("Ruby HTML", Data),
    ("Rust", Ownership),
    ("Rusty Object Notation", Data),
    ("SQL", Other),
    ("SVG", Data),
    ("Sass", Data),
    ("Scala", Gc),
    ("Scheme", Gc),
    ("Shell", Other),
    ("Solidity", Other),
    ("Standard ML (SML)", Gc),
    ("Stylus", Data),
    ("Svelte", Gc),
    ("Swift", Gc),
    ("TCL", Gc),
    ("TOML", Data),
    ("TSX", Gc),
    ("TeX", Data),
    ("Tera", Data),
    ("Thrift", Data),
    ("Twig", Data),
    ("TypeScript", Gc),
    ("Typst", Data),
    ("VB6/VBA", Gc),
    ("VBScript", Gc),
    ("Vala", Gc),
    ("Visual Basic", Gc),
    ("Visual Studio Project", Data),
    ("Visual Studio Solution", Data),
    ("Vue", Gc),
    ("WebAssembly", Manual),
    ("XAML", Data),
    ("XML", Data),
    ("XSL", Data),
    ("YAML", Data),
    ("Zig", Manual),
    ("Zsh", Other),
];

/// The memory model of a language by tokei's name; `other` when not listed.
pub fn memory_model(name: &str) -> MemoryModel {
    MEMORY_MODELS
        .binary_search_by(|(n, _)| n.cmp(&name))
        .map_or(Other, |i| MEMORY_MODELS[i].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_unique() {
        for w in MEMORY_MODELS.windows(2) {
            assert!(w[0].0 < w[1].0, "{} must sort before {}", w[0].0, w[1].0);
        }
    }

    #[test]
    fn every_name_is_a_tokei_language() {
        let names: Vec<&str> = tokei::LanguageType::list()
            .iter()
            .map(|(l, _)| l.name())
            .collect();
        for (n, _) in MEMORY_MODELS {
            assert!(names.contains(n), "{n} is not a tokei language name");
        }
    }

    #[test]
    fn lookups() {
        assert_eq!(memory_model("C"), Manual);
        assert_eq!(memory_model("Rust"), Ownership);
        assert_eq!(memory_model("Go"), Gc);
        assert_eq!(memory_model("JSON"), Data);
        assert_eq!(memory_model("Elvish"), Other);
    }
}
