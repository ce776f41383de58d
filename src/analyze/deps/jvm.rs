//! Maven (pom.xml, with quick-xml: no DTD processing, no entity expansion, no external reads)
//! and Gradle (build.gradle / .kts, best effort line matching). Maven has no lockfile.

use quick_xml::Reader;
use quick_xml::events::Event;

use super::model::{Declared, Parsed, dep};

/// Deepest element nesting accepted in a pom.xml.
const MAX_DEPTH: usize = 256;

/// Parses a pom.xml: `<dependencies>` outside `<dependencyManagement>` are direct; properties
/// such as `${spring.version}` are left unresolved in the requirement.
pub fn pom(text: &str) -> Result<Parsed, String> {
    let mut r = Reader::from_str(text);
    let mut path: Vec<String> = vec![];
    let mut direct: Vec<Declared> = vec![];
    let mut local = vec![];
    let (mut group, mut artifact, mut version, mut scope, mut optional) = (
        String::new(),
        String::new(),
        None::<String>,
        String::new(),
        false,
    );
    let mut text_buf = String::new();
    loop {
        match r.read_event() {
            Err(e) => return Err(format!("at byte {}: {e}", r.buffer_position())),
            Ok(Event::Eof) => break,
            Ok(Event::Start(e)) => {
                if path.len() >= MAX_DEPTH {
                    return Err(format!("nesting deeper than {MAX_DEPTH} elements"));
                }
                path.push(e.local_name().as_ref().to_string());
                text_buf.clear();
            }
            Ok(Event::Text(t)) => {
                text_buf.push_str(t.as_ref());
            }
            Ok(Event::GeneralRef(e)) => {
                // Entity references are never expanded (no billion laughs, no external files).
                text_buf.push('&');
                text_buf.push_str(e.as_ref());
                text_buf.push(';');
            }
            Ok(Event::End(_)) => {
                let name = path.pop().unwrap_or_default();
                let parent = path.last().map(String::as_str).unwrap_or("");
                let in_dep = parent == "dependency";
                let value = text_buf.trim().to_string();
                match (name.as_str(), in_dep) {
                    ("groupId", true) => group = value,
                    ("artifactId", true) => artifact = value,
                    ("version", true) => version = Some(value),
                    ("scope", true) => scope = value,
                    ("optional", true) => optional = value == "true",
                    ("artifactId", false) if parent == "project" => local.push(value),
                    ("dependency", _) => {
                        let managed = path.iter().any(|p| p == "dependencyManagement");
                        let plugin = path.iter().any(|p| p == "plugin" || p == "plugins");
                        if !managed && !plugin && !artifact.is_empty() {
                            let kind = if optional {
                                "optional"
                            } else {
                                match scope.as_str() {
                                    "test" => "dev",
                                    "provided" | "system" => "build",
                                    _ => "normal",
                                }
                            };
                            direct.push(dep(format!("{group}:{artifact}"), version.take(), kind));
                        }
                        group.clear();
                        artifact.clear();
                        version = None;
                        scope.clear();
                        optional = false;
                    }
                    _ => {}
                }
                text_buf.clear();
            }
            Ok(_) => {}
        }
    }
    Ok(Parsed::manifest(direct, local))
}

const GRADLE_CONFIGS: &[(&str, &str)] = &[
    ("androidTestImplementation", "dev"),
    ("annotationProcessor", "build"),
    ("api", "normal"),
    ("compile", "normal"),
    ("compileOnly", "build"),
    ("implementation", "normal"),
    ("kapt", "build"),
    ("ksp", "build"),
    ("runtimeOnly", "normal"),
    ("testCompile", "dev"),
    ("testImplementation", "dev"),
    ("testRuntimeOnly", "dev"),
];

/// Parses build.gradle / build.gradle.kts: `implementation("g:a:v")`, `api 'g:a:v'`, ...
pub fn gradle(text: &str) -> Result<Parsed, String> {
    let mut direct = vec![];
    for line in text.lines() {
        let t = line.trim();
        for (cfg, kind) in GRADLE_CONFIGS {
            let Some(rest) = t.strip_prefix(cfg) else {
                continue;
            };
            if !rest.starts_with(['(', ' ', '\t']) {
                continue;
            }
            let rest = rest.trim_start_matches(['(', ' ', '\t']);
            let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                continue;
            };
            let body = &rest[1..];
            let Some(end) = body.find(q) else { continue };
            let coord = &body[..end];
            let mut parts = coord.split(':');
            if let (Some(g), Some(a)) = (parts.next(), parts.next()) {
                direct.push(dep(
                    format!("{g}:{a}"),
                    parts.next().map(str::to_string),
                    kind,
                ));
            }
        }
    }
    Ok(Parsed::manifest(direct, vec![]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pom_dependencies_scopes_properties_management() {
        let p = pom(r#"<?xml version="1.0"?>
<project>
  <artifactId>shop</artifactId>
  <properties><jackson.version>2.17.0</jackson.version></properties>
  <dependencyManagement><dependencies><dependency><groupId>org.x</groupId><artifactId>bom</artifactId><version>1</version></dependency></dependencies></dependencyManagement>
  <dependencies>
    <!-- the JSON mapper -->
    <dependency><groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-databind</artifactId><version>${jackson.version}</version></dependency>
    <dependency><groupId>junit</groupId><artifactId>junit</artifactId><version>4.13.2</version><scope>test</scope></dependency>
    <dependency><groupId>org.y</groupId><artifactId>opt</artifactId><optional>true</optional></dependency>
  </dependencies>
  <build><plugins><plugin><dependencies><dependency><groupId>p</groupId><artifactId>q</artifactId></dependency></dependencies></plugin></plugins></build>
</project>"#)
        .unwrap();
        let n: Vec<(&str, &str, Option<&str>)> = p
            .direct
            .iter()
            .map(|d| (d.name.as_str(), d.kind, d.requirement.as_deref()))
            .collect();
        assert_eq!(
            n,
            vec![
                (
                    "com.fasterxml.jackson.core:jackson-databind",
                    "normal",
                    Some("${jackson.version}")
                ),
                ("junit:junit", "dev", Some("4.13.2")),
                ("org.y:opt", "optional", None),
            ]
        );
        assert_eq!(p.local, vec!["shop"]);
        assert!(pom("<project><dependencies></project>").is_err());
    }

    #[test]
    fn entities_are_never_expanded() {
        let bomb = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><project><dependencies><dependency><groupId>&lol2;</groupId><artifactId>a</artifactId></dependency></dependencies></project>"#;
        let p = pom(bomb).unwrap();
        assert_eq!(p.direct[0].name, "&lol2;:a");
        let xxe = r#"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><project><artifactId>&xxe;</artifactId></project>"#;
        assert_eq!(pom(xxe).unwrap().local, vec!["&xxe;"]);
    }

    #[test]
    fn gradle_lines() {
        let p = gradle("dependencies {\n    implementation(\"io.ktor:ktor-server-core:2.3.9\")\n    testImplementation 'junit:junit:4.13.2'\n    api \"com.google.guava:guava:33.0.0-jre\"\n    implementation project(':core')\n}\n").unwrap();
        let n: Vec<(&str, &str)> = p.direct.iter().map(|d| (d.name.as_str(), d.kind)).collect();
        assert_eq!(
            n,
            vec![
                ("io.ktor:ktor-server-core", "normal"),
                ("junit:junit", "dev"),
                ("com.google.guava:guava", "normal")
            ]
        );
    }
}
