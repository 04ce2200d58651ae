//! The real `search-cli serve` on an ephemeral loopback port, with a real HTTP client.

mod common;

use common::{page, row, search_cli};
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// A running server, killed when dropped.
struct Server {
    child: Child,
    base: String,
    client: reqwest::blocking::Client,
}

impl Server {
    /// Starts `search-cli serve` in `dir` on port 0 and waits for it to print its address.
    fn start(dir: &Path, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_search-cli"))
            .arg("serve")
            .args(["--addr", "127.0.0.1:0"])
            .args(args)
            .current_dir(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("search-cli serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let base =
            line.trim().strip_prefix("listening on ").unwrap_or_else(|| panic!("unexpected first line {line:?}"));
        let client = reqwest::blocking::Client::builder().timeout(Duration::from_secs(10)).build().unwrap();
        Server { child, base: base.to_string(), client }
    }

    fn get(&self, path: &str) -> (u16, Value) {
        let response = self.client.get(format!("{}{path}", self.base)).send().unwrap();
        let status = response.status().as_u16();
        let text = response.text().unwrap();
        (status, serde_json::from_str(&text).unwrap_or_else(|e| panic!("GET {path}: {e}: {text}")))
    }

    /// Waits until `/health` is 200 (the first index may still be building).
    fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while self.get("/health").0 != 200 {
            assert!(Instant::now() < deadline, "server at {} never became ready", self.base);
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn without_timing(mut response: Value) -> Value {
    response.as_object_mut().unwrap().remove("took_ms");
    response
}

/// `search-cli query --json` and `GET /search` give the same total, hits and facets.
fn assert_cli_equals_http(dir: &Path, server: &Server, index: &str, cases: &[(&[&str], &str)]) {
    for (cli_args, http_query) in cases {
        let mut args = vec!["query", "--index", index, "--json", "--limit", "20"];
        args.extend_from_slice(cli_args);
        let cli = search_cli(dir, &args);
        let cli_json = cli.json();
        let (status, http_json) = server.get(&format!("/search?limit=20&{http_query}"));
        assert_eq!(status, 200, "{http_query}");
        assert_eq!(without_timing(cli_json), without_timing(http_json), "CLI {args:?} vs /search?{http_query}");
    }
}

#[test]
fn fresh_start_builds_from_seeds_and_matches_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = common::seeds().display().to_string();
    let server = Server::start(dir.path(), &["--seeds", &seeds]);
    server.wait_ready();
    assert!(dir.path().join("index/CURRENT").is_file(), "the first index is built in --index");
    assert_cli_equals_http(
        dir.path(),
        &server,
        "index",
        &[
            (&["GATA1 ChIP"], "q=GATA1+ChIP"),
            (&[""], ""),
            (
                &["", "--database", "GTRD", "--database", "ReMap", "--curated", "no"],
                "database=GTRD&database=ReMap&curated=no",
            ),
            (
                &["ALAS2", "--method", "ChIP", "--facets", "method,organism"],
                "q=ALAS2&method=ChIP&facets=method,organism",
            ),
            (&["stat1", "--kind", "protein"], "q=stat1&kind=protein"),
            (&["", "--offset", "7"], "offset=7"),
        ],
    );
    let (status, stats) = server.get("/stats");
    assert_eq!(status, 200);
    assert_eq!(stats["documents"]["interaction"], 53);
    assert_eq!(stats["documents"]["protein"], 1);
    assert!(stats["index_bytes"].as_u64().unwrap() > 0);
    assert_eq!(search_cli(dir.path(), &["stats"]).expect_code(0).json(), stats, "search-cli stats is GET /stats");
    let (_, suggestions) = server.get("/suggest?q=gata1+al");
    assert_eq!(suggestions["suggestions"][0]["accession"], "P22557");
    let metrics = server.client.get(format!("{}/metrics", server.base)).send().unwrap().text().unwrap();
    assert!(metrics.contains(r#"http_requests_total{route="/search",status="200"}"#), "{metrics}");
    assert!(metrics.contains("http_request_duration_seconds_bucket"));
    assert!(metrics.contains(r#"index_documents{kind="interaction"} 53"#));
}

/// A server on an index of ../shared/corpus/tflink (folder `ix` in the returned
/// directory), or `None` when the corpus is absent.
fn serve_real_corpus() -> Option<(tempfile::TempDir, Server)> {
    let corpus = common::shared_corpus()?.display().to_string();
    let dir = tempfile::tempdir().unwrap();
    search_cli(dir.path(), &["index", "--seeds", &corpus, "--index", "ix"]).expect_code(0);
    let server = Server::start(dir.path(), &["--index", "ix"]);
    server.wait_ready();
    Some((dir, server))
}

#[test]
fn real_corpus_cli_and_http_agree() {
    let Some((dir, server)) = serve_real_corpus() else { return };
    assert_cli_equals_http(
        dir.path(),
        &server,
        "ix",
        &[
            (&["GATA1"], "q=GATA1"),
            (
                &["ChIP", "--organism", "Homo sapiens", "--organism", "Mus musculus"],
                "q=ChIP&organism=Homo+sapiens&organism=Mus+musculus",
            ),
            (&["GTRD", "--curated", "yes", "--offset", "3"], "q=GTRD&curated=yes&offset=3"),
            (&["", "--kind", "protein", "--function", "target gene"], "kind=protein&function=target+gene"),
        ],
    );
}

/// `GET /export` streams every hit of a query: as many as `/search` counts, in the
/// order `/search` pages through them, the rows of `query --tsv`.
#[test]
fn export_streams_every_hit_in_search_order() {
    let Some((_dir, server)) = serve_real_corpus() else { return };
    let query = "q=-TRRUST&curated=no";
    let response = server.client.get(format!("{}/export?{query}", server.base)).send().unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let header = |name: &str| response.headers()[name].to_str().unwrap().to_string();
    assert!(header("content-type").starts_with("text/tab-separated-values"));
    let announced: u64 = header("x-total-count").parse().unwrap();
    let text = response.text().unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("tf\ttf_accession\t"), "{}", lines[0]);
    let (_, searched) = server.get(&format!("/search?{query}&limit=1000"));
    let total = searched["total"].as_u64().unwrap();
    assert!(total > 1000, "the export must reach past one page: {total}");
    assert_eq!((announced, lines.len() as u64 - 1), (total, total));
    // The first 1,000 rows are the first page of /search, in its order.
    for (line, hit) in lines[1..].iter().zip(searched["hits"].as_array().unwrap()) {
        let columns: Vec<&str> = line.split('\t').collect();
        assert_eq!(
            (columns[1], columns[4]),
            (hit["tf"]["accession"].as_str().unwrap(), hit["target"]["accession"].as_str().unwrap())
        );
    }
    // Each interaction once.
    let keys: std::collections::HashSet<(&str, &str, &str)> = lines[1..]
        .iter()
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            (c[1], c[4], c[6])
        })
        .collect();
    assert_eq!(keys.len() as u64, total);

    // JSON lines are the search response's hit objects.
    let jsonl = server.client.get(format!("{}/export?q=tf:GATA1&format=jsonl", server.base)).send().unwrap();
    let hits: Vec<Value> = jsonl.text().unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let (_, searched) = server.get("/search?q=tf:GATA1&limit=1000");
    assert_eq!(&hits, searched["hits"].as_array().unwrap());

    // A bad query is a 400 before any row, like /search's.
    let (status, body) = server.get("/export?q=gene:abc");
    assert_eq!((status, body["error"]["code"].as_str()), (400, Some("invalid_query")));
}

/// A first build that fails says why on every request, and an index written later into
/// the folder is served without restart.
#[test]
fn a_failed_first_build_is_explained_until_an_index_arrives() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["--seeds", "no-such-folder"]);
    let deadline = Instant::now() + Duration::from_secs(30);
    let message = loop {
        let (status, body) = server.get("/health");
        assert_eq!(status, 503);
        let message = body["error"]["message"].as_str().unwrap().to_string();
        if message.contains("failed") {
            break message;
        }
        assert!(Instant::now() < deadline, "the failed build was never reported: {message}");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(message.contains("no-such-folder") && message.contains("search-cli index"), "{message}");
    let seeds = common::seeds().display().to_string();
    search_cli(dir.path(), &["index", "--seeds", &seeds]).expect_code(0);
    server.wait_ready();
    assert_eq!(server.get("/search?q=GATA1").1["total"], 1);
}

#[test]
fn openapi_document_is_valid_and_complete() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = common::seeds().display().to_string();
    let server = Server::start(dir.path(), &["--seeds", &seeds]);
    let text = server.client.get(format!("{}/openapi.json", server.base)).send().unwrap().text().unwrap();
    let spec = oas3::from_json(&text).unwrap_or_else(|e| panic!("not an OpenAPI 3.1 document: {e}"));
    assert!(spec.openapi.starts_with("3.1"), "{}", spec.openapi);

    let mut operations: Vec<String> = spec.operations().map(|(path, method, _)| format!("{method} {path}")).collect();
    operations.sort();
    assert_eq!(
        operations,
        [
            "GET /export",
            "GET /health",
            "GET /metrics",
            "GET /openapi.json",
            "GET /proteins/{accession}",
            "GET /search",
            "GET /stats",
            "GET /suggest"
        ]
    );
    for (path, _, operation) in spec.operations() {
        let responses = operation.responses.as_ref().unwrap_or_else(|| panic!("{path} documents no responses"));
        assert!(responses.contains_key("200"), "{path} documents no 200");
        for (status, response) in responses {
            let response = response.resolve(&spec).unwrap_or_else(|e| panic!("{path} {status}: {e}"));
            for (media, content) in &response.content {
                if let Some(schema) = &content.schema {
                    schema.resolve(&spec).unwrap_or_else(|e| panic!("{path} {status} {media}: {e}"));
                }
            }
        }
        let names: Vec<String> = operation
            .parameters
            .iter()
            .map(|p| {
                let p = p.resolve(&spec).unwrap();
                assert!(
                    p.description.as_deref().is_some_and(|d| !d.is_empty()),
                    "{path} {} has no description",
                    p.name
                );
                p.name
            })
            .collect();
        let expected: &[&str] = match path.as_str() {
            "/search" => &[
                "q", "kind", "organism", "database", "curated", "function", "method", "limit", "offset", "explain",
                "facets",
            ],
            "/suggest" => &["q", "organism", "limit"],
            "/export" => &["q", "kind", "organism", "database", "curated", "function", "method", "format"],
            "/proteins/{accession}" => &["accession"],
            _ => &[],
        };
        assert_eq!(names, expected, "parameters of {path}");
        if path != "/openapi.json" && path != "/metrics" && path != "/health" {
            assert!(responses.contains_key("503"), "{path} documents 503");
        }
    }
    // Every $ref anywhere in the document points at a schema that exists.
    let json: Value = serde_json::from_str(&text).unwrap();
    let schemas = json["components"]["schemas"].as_object().unwrap();
    let mut refs = Vec::new();
    collect_refs(&json, &mut refs);
    assert!(!refs.is_empty());
    for reference in refs {
        let name =
            reference.strip_prefix("#/components/schemas/").unwrap_or_else(|| panic!("unexpected $ref {reference}"));
        assert!(schemas.contains_key(name), "dangling $ref {reference}");
    }
}

fn collect_refs(value: &Value, refs: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                refs.push(r.clone());
            }
            map.values().for_each(|v| collect_refs(v, refs));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, refs)),
        _ => {}
    }
}

#[test]
fn reindexing_under_a_running_server_fails_no_request_and_shows_new_data() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = common::seeds().display().to_string();
    search_cli(dir.path(), &["index", "--seeds", &seeds]).expect_code(0);
    let server = Arc::new(Server::start(dir.path(), &[]));
    server.wait_ready();
    assert_eq!(server.get("/search?q=ZNF999").1["total"], 0);
    // An answer's entity tag names the index it came from: held, it is 304 until then.
    let etag = |path: &str, held: Option<&str>| {
        let mut request = server.client.get(format!("{}{path}", server.base));
        if let Some(tag) = held {
            request = request.header("if-none-match", tag);
        }
        let response = request.send().unwrap();
        let tag = response.headers().get("etag").map(|t| t.to_str().unwrap().to_string());
        (response.status().as_u16(), tag)
    };
    let (_, before) = etag("/search?q=ZNF199", None);
    let before = before.expect("a search answer has an etag");
    assert_eq!(etag("/search?q=ZNF199", Some(&before)).0, 304);
    // Proteins found through interactions are remembered per index generation.
    let cited = "/search?q=pmid:1&kind=protein";
    assert_eq!(server.get(cited).1["total"], 0);

    let pages = dir.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    let rows: Vec<String> = (0..200)
        .map(|i| {
            row(&format!("ZNF{i}"), &format!("Q9Z{i:03}"), "GTRD", "chromatin immunoprecipitation assay", &["1"], false)
        })
        .collect();
    std::fs::write(pages.join("P00001.md"), page("P00001", "TESTA", "Homo sapiens", &rows, &[])).unwrap();
    std::fs::copy(common::seeds().join("P22557.md"), pages.join("P22557.md")).unwrap();

    let stop = Arc::new(AtomicBool::new(false));
    let (ok, failed) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let clients: Vec<_> = (0..3)
        .map(|_| {
            let (server, stop, ok, failed) = (server.clone(), stop.clone(), ok.clone(), failed.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let response = server.client.get(format!("{}/search?q=GATA1&limit=5", server.base)).send();
                    let answered = response.is_ok_and(|r| r.status() == 200 && r.json::<Value>().is_ok());
                    if answered { &ok } else { &failed }.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();

    for _ in 0..3 {
        search_cli(dir.path(), &["index", "--seeds", "pages"]).expect_code(0);
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    while server.get("/search?q=ZNF199").1["total"] != 1 {
        assert!(Instant::now() < deadline, "new data never became visible");
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(300));
    stop.store(true, Ordering::Relaxed);
    clients.into_iter().for_each(|c| c.join().unwrap());
    assert_eq!(failed.load(Ordering::Relaxed), 0, "requests failed during the switch");
    assert!(ok.load(Ordering::Relaxed) > 10);
    assert_eq!(server.get("/search?q=GATA1").1["total"], 1, "old pages still served from the new index");
    let (status, after) = etag("/search?q=ZNF199", Some(&before));
    assert_eq!(status, 200, "the tag held is of the old index");
    let after = after.unwrap();
    assert_ne!(after, before);
    assert_eq!(etag("/search?q=ZNF199", Some(&after)).0, 304);
    // TESTA cites PubMed 1 in every row; its targets have no page.
    assert_eq!(server.get(cited).1["hits"][0]["accession"], "P00001");
    assert_eq!(server.get(cited).1["total"], 1);
}

#[cfg(unix)]
/// Waits for the server process to exit after SIGTERM; panics after `within`.
fn terminate(server: &mut Server, within: Duration) -> std::process::ExitStatus {
    let status = Command::new("kill").args(["-TERM", &server.child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let deadline = Instant::now() + within;
    loop {
        if let Some(exit) = server.child.try_wait().unwrap() {
            break exit;
        }
        assert!(Instant::now() < deadline, "server did not stop on SIGTERM within {within:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Starts `GET /export` on a raw connection, reads the status line and stops reading.
fn stalled_export(server: &Server) -> std::net::TcpStream {
    let address = server.base.strip_prefix("http://").unwrap();
    let mut stalled = std::net::TcpStream::connect(address).unwrap();
    std::io::Write::write_all(&mut stalled, b"GET /export HTTP/1.1\r\nhost: test\r\n\r\n").unwrap();
    let mut first = [0u8; 1024];
    let read = std::io::Read::read(&mut stalled, &mut first).unwrap();
    assert!(String::from_utf8_lossy(&first[..read]).starts_with("HTTP/1.1 200"), "the export started");
    stalled
}

/// Exports to clients that stop reading hold their slots (a third export is told to
/// come back later, searches go on) until the client goes; an export outlives a
/// reindex whole; and a stalled one holds SIGTERM off only for the grace period.
#[test]
fn stalled_exports_hold_their_slots_and_sigterm_only_the_grace_period() {
    let dir = tempfile::tempdir().unwrap();
    // Some 10 MB of rows: more than the socket buffers hold for a client that does not read.
    common::write_world(&dir.path().join("pages"), 1000, 60, false);
    search_cli(dir.path(), &["index", "--seeds", "pages"]).expect_code(0);
    let mut server = Server::start(dir.path(), &["--shutdown-grace-ms", "500"]);
    server.wait_ready();
    let first = stalled_export(&server);
    let second = stalled_export(&server);
    let (status, body) = server.get("/export?q=WLD1");
    assert_eq!((status, body["error"]["code"].as_str()), (429, Some("too_many_exports")));
    assert_eq!(server.get("/search?q=WLD1").0, 200, "searches are not held up");
    // The client gone, its export ends and frees its slot.
    drop(first);
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let response = server.client.get(format!("{}/export?q=tf:WLD1", server.base)).send().unwrap();
        if response.status().as_u16() == 200 {
            assert_eq!(response.text().unwrap().lines().count(), 61, "a header and WLD1's 60 targets");
            break;
        }
        assert!(Instant::now() < deadline, "the slot of a closed export was never freed");
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(second);

    // An export begun before a reindex is written whole from the data it began with
    // (once the server has noticed that the second stalled export went away).
    let deadline = Instant::now() + Duration::from_secs(20);
    let before = loop {
        let response = server.client.get(format!("{}/export", server.base)).send().unwrap();
        if response.status().as_u16() == 200 {
            break response;
        }
        assert!(Instant::now() < deadline, "the slot of a closed export was never freed");
        std::thread::sleep(Duration::from_millis(50));
    };
    let announced: u64 = before.headers()["x-total-count"].to_str().unwrap().parse().unwrap();
    let mut paths: Vec<_> = std::fs::read_dir(dir.path().join("pages")).unwrap().flatten().map(|e| e.path()).collect();
    paths.sort();
    paths.iter().step_by(10).for_each(|p| std::fs::remove_file(p).unwrap());
    search_cli(dir.path(), &["index", "--seeds", "pages"]).expect_code(0);
    let deadline = Instant::now() + Duration::from_secs(30);
    while server.get("/search?limit=0").1["total"].as_u64().unwrap() == announced {
        assert!(Instant::now() < deadline, "the reindex, which removed pages, was never served");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(before.text().unwrap().lines().count() as u64, announced + 1, "a header and every announced row");

    let exit = terminate(&mut server, Duration::from_secs(20));
    assert_eq!(exit.code(), Some(0));
}

#[test]
fn sigterm_shuts_down_gracefully() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = common::seeds().display().to_string();
    let mut server = Server::start(dir.path(), &["--seeds", &seeds]);
    server.wait_ready();
    assert_eq!(terminate(&mut server, Duration::from_secs(20)).code(), Some(0));
}
