//! `cocreate report --format decidim-results` and `--format decidim-answers`, run as the real
//! binary, their files read back with a CSV reader as Decidim's importers read them (`;`).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use cocreate::model::{Outcome, Response, Session};

const RESULTS_HEADER: &str = "id;category/id;category/name/en;category/name/fr;scope/id;scope/name/en;scope/name/fr;parent/id;title/en;title/fr;description/en;description/fr;start_date;end_date;status/id;status/key;status/name/en;status/name/fr;progress;created_at;url;component/id;proposal_urls";
const ANSWERS_HEADER: &str = "id;state;answer/en;answer/fr";

/// What a run of the binary gave: its exit code, standard output and standard error.
struct Ran {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs the real binary with `args`.
fn cocreate(args: &[&str]) -> Ran {
    let out = Command::new(env!("CARGO_BIN_EXE_cocreate"))
        .args(args)
        .output()
        .expect("the binary runs");
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    Ran {
        code: out.status.code(),
        stdout: text(&out.stdout),
        stderr: text(&out.stderr),
    }
}

fn sessions() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions")
}

/// A CSV as Decidim reads it: `;`-separated, the first row its header; each row a map from
/// column to cell, in order.
struct Table {
    header: Vec<String>,
    rows: Vec<HashMap<String, String>>,
}

fn read(csv_text: &str) -> Table {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("a header")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            let r = r.expect("a well-formed row");
            assert_eq!(r.len(), header.len(), "{r:?}");
            header
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_owned))
                .collect()
        })
        .collect();
    Table { header, rows }
}

/// Runs `report FILE --format FORMAT ARGS…` to standard output and to a file: both must
/// succeed with the same text, which is returned with what was said on standard error.
fn report(file: &Path, format: &str, args: &[&str]) -> (String, String) {
    let file = file.to_str().unwrap();
    let out = cocreate(&[&["report", file, "--format", format], args].concat());
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("out.csv");
    let written = cocreate(
        &[
            &[
                "report",
                file,
                "--format",
                format,
                "-o",
                output.to_str().unwrap(),
            ],
            args,
        ]
        .concat(),
    );
    assert_eq!(written.code, Some(0), "{}", written.stderr);
    let stdout = out.stdout;
    assert_eq!(std::fs::read_to_string(&output).unwrap(), stdout);
    assert!(!stdout.starts_with('\u{feff}'), "no BOM");
    (stdout, out.stderr)
}

/// `YYYY-MM-DD`, a day that exists in the calendar's shape (month 01–12, day 01–31).
fn is_date(cell: &str) -> bool {
    let b = cell.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    b.len() == 10
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && (1..=12).contains(&cell[5..7].parse::<u8>().unwrap())
        && (1..=31).contains(&cell[8..10].parse::<u8>().unwrap())
}

/// The three Ontario 2016 workshops merged (several workshops, commitments selected and
/// refined at more than one), with Decidim ids on some ideas and a reasoned response to
/// most: returns the file and the session written.
fn merged_with_responses(dir: &Path) -> (PathBuf, Session) {
    let merged = dir.join("merged.ron");
    let inputs: Vec<String> = ["central", "northern", "online"]
        .iter()
        .map(|n| {
            sessions()
                .join(format!("ontario-2016-{n}.ron"))
                .display()
                .to_string()
        })
        .collect();
    let mut args = vec!["merge"];
    args.extend(inputs.iter().map(String::as_str));
    args.extend(["-o", merged.to_str().unwrap()]);
    let out = cocreate(&args);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let mut session = cocreate::file::load(&merged).unwrap();
    let selected: HashSet<String> = session
        .workshops
        .iter()
        .flat_map(|w| w.selection.iter().cloned())
        .collect();
    let mut responses = Vec::new();
    let mut others = [
        Outcome::NotSelected,
        Outcome::Deferred,
        Outcome::OutOfScope,
        Outcome::MergedInto("1".into()),
        Outcome::Undecided,
    ]
    .into_iter()
    .cycle();
    for (i, c) in session.commitments.iter_mut().enumerate() {
        if i % 4 != 3 {
            c.decidim_id = format!("{}", 100 + i);
        }
        // Commitment 3 was selected at two workshops, and the organizers did not take it.
        let outcome = if selected.contains(&c.id) && c.id != "3" {
            Outcome::Selected
        } else {
            others.next().unwrap()
        };
        responses.push(Response {
            commitment: c.id.clone(),
            outcome,
            reason: format!("Reason; \"{}\"\nsecond line", c.id),
            criteria: Vec::new(),
        });
    }
    session.responses = responses;
    let file = dir.join("responded.ron");
    cocreate::file::save(&session, &file).unwrap();
    (file, session)
}

#[test]
fn results_are_a_parent_per_selected_commitment_and_a_child_per_milestone() {
    let dir = tempfile::tempdir().unwrap();
    let (file, mut session) = merged_with_responses(dir.path());
    // The northern workshop refined commitment 1 (also selected at the central workshop,
    // first in the file) another way.
    let northern = &mut session.workshops[1];
    assert!(northern.is_selected("1"));
    northern.refinement_mut("1").milestones[0].deliverable = "Another version".into();
    cocreate::file::save(&session, &file).unwrap();
    let (csv_text, stderr) = report(&file, "decidim-results", &[]);
    assert_eq!(csv_text.lines().next(), Some(RESULTS_HEADER));
    let table = read(&csv_text);
    assert_eq!(table.header.join(";"), RESULTS_HEADER);

    let parents: Vec<&HashMap<String, String>> = table
        .rows
        .iter()
        .filter(|r| r["parent/id"].is_empty())
        .collect();
    let parent_ids: HashSet<&str> = parents.iter().map(|r| r["id"].as_str()).collect();
    let titles: HashMap<&str, &str> = session
        .commitments
        .iter()
        .map(|c| (c.title.as_str(), c.id.as_str()))
        .collect();
    // One parent per commitment the reasoned response selects, in the list's order.
    let selected: Vec<&str> = session
        .commitments
        .iter()
        .filter(|c| session.response(&c.id).unwrap().outcome == Outcome::Selected)
        .map(|c| c.id.as_str())
        .collect();
    let parent_commitments: Vec<&str> = parents.iter().map(|r| titles[&*r["title/en"]]).collect();
    assert_eq!(parent_commitments, selected);
    assert!(selected.len() >= 3, "{selected:?}");

    let ids: HashSet<&str> = table.rows.iter().map(|r| r["id"].as_str()).collect();
    assert_eq!(ids.len(), table.rows.len(), "ids are unique");
    for row in &table.rows {
        // Far above any id Decidim gives: every row is created, none updated.
        let id: u64 = row["id"].parse().unwrap();
        assert!((1_000_000_000..=2_147_483_647).contains(&id), "{id}");
        let parent = &row["parent/id"];
        assert!(
            parent.is_empty() || parent_ids.contains(parent.as_str()),
            "a child's parent/id is a parent's id in the file: {row:?}"
        );
        for date in ["start_date", "end_date"] {
            assert!(
                row[date].is_empty() || is_date(&row[date]),
                "{date}: {:?}",
                row[date]
            );
        }
        assert!(row["start_date"] <= row["end_date"] || row["end_date"].is_empty());
        assert_eq!(row["title/en"], row["title/fr"]);
        assert!(!row["title/en"].is_empty());
        for empty in [
            "status/id",
            "progress",
            "proposal_urls",
            "category/id",
            "scope/id",
        ] {
            assert_eq!(row[empty], "", "{empty}");
        }
    }
    // Children are the milestones of the refinement at the first workshop that selected
    // the commitment, in order, and their months are within the parent's span.
    for parent in &parents {
        let commitment = titles[&*parent["title/en"]];
        let refinement = session
            .workshops
            .iter()
            .filter(|w| w.selection.iter().any(|s| s == commitment))
            .find_map(|w| w.refinement(commitment))
            .expect("every selected Ontario commitment is refined");
        let children: Vec<&HashMap<String, String>> = table
            .rows
            .iter()
            .filter(|r| r["parent/id"] == parent["id"])
            .collect();
        let deliverables: Vec<&str> = refinement
            .milestones
            .iter()
            .map(|m| m.deliverable.as_str())
            .collect();
        let child_titles: Vec<&str> = children.iter().map(|r| r["title/en"].as_str()).collect();
        assert_eq!(child_titles, deliverables);
        for (child, m) in children.iter().zip(&refinement.milestones) {
            assert_eq!(child["start_date"], format!("{}-01", m.start));
            assert!(child["end_date"].starts_with(&m.end), "{child:?}");
            assert!(parent["start_date"] <= child["start_date"]);
            assert!(parent["end_date"] >= child["end_date"]);
            assert!(
                child["description/fr"].contains("Mise en œuvre\u{a0}: "),
                "French labels in the French column: {child:?}"
            );
            assert!(child["description/en"].contains("Implements: "));
        }
    }
    // Said, not hidden.
    assert!(
        stderr.contains("commitment 1 was refined in")
            && stderr.contains(&file.display().to_string()),
        "{stderr}"
    );
}

#[test]
fn answers_go_to_ideas_with_a_decidim_id_and_a_decision_in_english_and_french() {
    let dir = tempfile::tempdir().unwrap();
    let (file, session) = merged_with_responses(dir.path());
    let (csv_text, stderr) = report(&file, "decidim-answers", &[]);
    assert_eq!(stderr, "");
    assert_eq!(csv_text.lines().next(), Some(ANSWERS_HEADER));
    let table = read(&csv_text);
    assert_eq!(table.header.join(";"), ANSWERS_HEADER);
    let expected: Vec<(&str, &Outcome, &str)> = session
        .commitments
        .iter()
        .filter(|c| !c.decidim_id.is_empty())
        .map(|c| (c, &session.response(&c.id).unwrap().outcome))
        .filter(|(_, o)| **o != Outcome::Undecided)
        .map(|(c, o)| (c.decidim_id.as_str(), o, c.id.as_str()))
        .collect();
    assert_eq!(table.rows.len(), expected.len());
    let mut kinds = HashSet::new();
    for (row, (decidim_id, outcome, id)) in table.rows.iter().zip(&expected) {
        assert_eq!(row["id"], *decidim_id);
        let (state, en, fr) = match outcome {
            Outcome::Selected => (
                "accepted",
                "Selected for the plan.",
                "Retenue pour le plan.",
            ),
            Outcome::MergedInto(_) => (
                "accepted",
                "Merged into the idea “Adopt",
                "Fusionnée avec l’idée «\u{a0}Adopt",
            ),
            Outcome::Deferred => ("evaluating", "Deferred.", "Reportée."),
            Outcome::NotSelected => ("rejected", "Not selected.", "Non retenue."),
            Outcome::OutOfScope => ("rejected", "Out of scope.", "Hors du champ du plan."),
            Outcome::Undecided => unreachable!(),
        };
        kinds.insert(state);
        assert!(["accepted", "rejected", "evaluating"].contains(&row["state"].as_str()));
        assert_eq!(row["state"], state, "{row:?}");
        assert!(row["answer/en"].starts_with(&format!("<p>{en}")), "{row:?}");
        assert!(row["answer/fr"].starts_with(&format!("<p>{fr}")), "{row:?}");
        // The reason as written (HTML-escaped), in both columns.
        let reason = format!("<p>Reason; &quot;{id}&quot;<br>second line</p>");
        assert!(row["answer/en"].ends_with(&reason), "{row:?}");
        assert!(row["answer/fr"].ends_with(&reason), "{row:?}");
    }
    assert_eq!(kinds.len(), 3, "every state is tried: {kinds:?}");
}

/// Without any reasoned response, the plan is what the workshops selected; no Decidim id,
/// no answers, and standard error says why the answers file is empty.
#[test]
fn without_responses_the_workshops_selection_is_the_plan() {
    let file = sessions().join("ontario-2016-central.ron");
    let (csv_text, stderr) = report(&file, "decidim-results", &[]);
    assert_eq!(stderr, "");
    let table = read(&csv_text);
    let session = cocreate::file::load(&file).unwrap();
    let parents: Vec<&str> = table
        .rows
        .iter()
        .filter(|r| r["parent/id"].is_empty())
        .map(|r| r["title/en"].as_str())
        .collect();
    let selected: Vec<&str> = session
        .commitments
        .iter()
        .filter(|c| session.workshops[0].is_selected(&c.id))
        .map(|c| c.title.as_str())
        .collect();
    assert_eq!(parents, selected);
    let milestones: usize = session.workshops[0]
        .refinements
        .iter()
        .map(|r| r.milestones.len())
        .sum();
    assert_eq!(table.rows.len(), parents.len() + milestones);

    let (csv_text, stderr) = report(&file, "decidim-answers", &[]);
    assert_eq!(csv_text, format!("{ANSWERS_HEADER}\n"));
    assert!(
        stderr.contains("no idea has a Decidim id") && stderr.contains("header only"),
        "{stderr}"
    );
}

#[test]
fn the_first_id_and_the_status_can_be_given_and_are_checked() {
    let file = sessions().join("ontario-2016-northern.ron");
    let (csv_text, _) = report(
        &file,
        "decidim-results",
        &["--decidim-first-id", "5", "--decidim-status-id", "2"],
    );
    let table = read(&csv_text);
    let ids: Vec<u64> = table
        .rows
        .iter()
        .map(|r| r["id"].parse().unwrap())
        .collect();
    assert_eq!(ids, (5..5 + ids.len() as u64).collect::<Vec<_>>());
    assert!(table.rows.iter().all(|r| r["status/id"] == "2"));
    let file = file.to_str().unwrap();
    for bad in [
        ["--decidim-first-id", "0"],
        ["--decidim-first-id", "2147483648"],
        ["--decidim-first-id", "-3"],
        ["--decidim-status-id", "0"],
        ["--decidim-status-id", "planned"],
    ] {
        let out = cocreate(&[&["report", file, "--format", "decidim-results"], &bad[..]].concat());
        assert_eq!(out.code, Some(2), "{bad:?}: usage error");
    }
    // Ids that would pass Decidim's largest are refused, naming the session file, and no
    // file is written.
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("results.csv");
    let out = cocreate(&[
        "report",
        file,
        "--format",
        "decidim-results",
        "--decidim-first-id",
        "2147483640",
        "-o",
        output.to_str().unwrap(),
    ]);
    assert_eq!(out.code, Some(1));
    let stderr = out.stderr;
    assert!(
        stderr.contains(file) && stderr.contains("2147483647") && stderr.contains("first id"),
        "{stderr}"
    );
    assert!(!output.exists());
}

/// A Decidim id in the session that is not a proposal's number, or one proposal answered
/// twice, is refused, naming the session file and the ideas; nothing is written.
#[test]
fn a_session_that_cannot_answer_decidim_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (file, mut session) = merged_with_responses(dir.path());
    session.commitments[0].decidim_id = "proposal 7".into();
    cocreate::file::save(&session, &file).unwrap();
    let output = dir.path().join("answers.csv");
    let out = cocreate(&[
        "report",
        file.to_str().unwrap(),
        "--format",
        "decidim-answers",
        "-o",
        output.to_str().unwrap(),
    ]);
    assert_eq!(out.code, Some(1));
    let stderr = out.stderr;
    assert!(
        stderr.contains(&format!(
            "{}: idea 1: its Decidim id \"proposal 7\"",
            file.display()
        )),
        "{stderr}"
    );
    assert!(!output.exists());
    session.commitments[0].decidim_id = session.commitments[1].decidim_id.clone();
    cocreate::file::save(&session, &file).unwrap();
    let out = cocreate(&[
        "report",
        file.to_str().unwrap(),
        "--format",
        "decidim-answers",
    ]);
    assert_eq!(out.code, Some(1));
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.contains("both answer Decidim proposal 101"),
        "{}",
        out.stderr
    );
}

/// `cocreate new --commitments LIST -o FILE`, LIST holding `list`, in `dir`.
fn new_from_list(dir: &Path, list: &str) -> (PathBuf, PathBuf, Ran) {
    let (list_file, file) = (dir.join("ideas.csv"), dir.join("s.ron"));
    std::fs::write(&list_file, list).unwrap();
    let args = ["new", "--commitments", list_file.to_str().unwrap()];
    let out = cocreate(&[&args[..], &["-o", file.to_str().unwrap()]].concat());
    (list_file, file, out)
}

/// A commitment list's `decidim_id` column reaches the answers file through `cocreate new`.
#[test]
fn a_commitment_lists_decidim_ids_reach_the_answers() {
    let dir = tempfile::tempdir().unwrap();
    let header = "id,title,theme,votes,description,decidim_id\n";
    let (_, file, out) = new_from_list(
        dir.path(),
        &format!("{header}1,Open data,t,3,d,0042\n2,Budget,t,2,d,\n"),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let mut session = cocreate::file::load(&file).unwrap();
    for id in ["1", "2"] {
        session.responses.push(Response {
            commitment: id.into(),
            outcome: Outcome::OutOfScope,
            reason: "A federal matter.".into(),
            criteria: Vec::new(),
        });
    }
    cocreate::file::save(&session, &file).unwrap();
    let (csv_text, _) = report(&file, "decidim-answers", &[]);
    assert_eq!(
        csv_text,
        format!(
            "{ANSWERS_HEADER}\n42;rejected;<p>Out of scope.</p><p>A federal matter.</p>;<p>Hors du champ du plan.</p><p>A federal matter.</p>\n"
        )
    );
    // A bad cell names the file, row, line and column, and nothing is written.
    std::fs::remove_file(&file).unwrap();
    let (list, file, out) = new_from_list(dir.path(), &format!("{header}1,Open data,t,3,d,#42\n"));
    assert_eq!(out.code, Some(1));
    let stderr = out.stderr;
    assert!(
        stderr.contains(&format!(
            "{}: row 1 (line 2), column `decidim_id`: \"#42\"",
            list.display()
        )),
        "{stderr}"
    );
    assert!(!file.exists());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

    /// Whatever a title, a deliverable or a reason holds — `;`, quotes, line breaks, a
    /// leading `=` — both files read back to one cell per column, the text in its cell
    /// (on one line and defused for a title; escaped HTML for a reason).
    #[test]
    fn any_text_stays_in_its_cell(
        title in "[;\"'=+@\\-\\n\\r a-zA-Z0-9é<>&]{1,40}",
        deliverable in "[;\"=\\n a-z]{0,20}",
        reason in "[;\"'=+@\\-\\n a-zA-Z0-9é<>&]{0,40}",
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut session = cocreate::file::load(&sessions().join("ontario-2016-central.ron")).unwrap();
        session.commitments[0].title = title.clone();
        session.commitments[0].decidim_id = "7".into();
        session.workshops[0].refinements[0].milestones[0].deliverable = deliverable.clone();
        session.responses = vec![Response {
            commitment: session.commitments[0].id.clone(),
            outcome: Outcome::Selected,
            reason: reason.clone(),
            criteria: Vec::new(),
        }];
        let file = dir.path().join("s.ron");
        cocreate::file::save(&session, &file).unwrap();

        let (csv_text, _) = report(&file, "decidim-results", &[]);
        let table = read(&csv_text);
        let one_line = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
        let expected_title = cocreate::report::csv_cell(&one_line(&title));
        let parent = &table.rows[0];
        if !expected_title.is_empty() {
            proptest::prop_assert_eq!(&parent["title/en"], &expected_title);
        }
        let child = &table.rows[1];
        proptest::prop_assert_eq!(&child["parent/id"], &parent["id"]);
        let expected_deliverable = cocreate::report::csv_cell(&one_line(&deliverable));
        if !expected_deliverable.is_empty() {
            proptest::prop_assert_eq!(&child["title/en"], &expected_deliverable);
        } else {
            proptest::prop_assert_eq!(&child["title/en"], "Milestone 1");
            proptest::prop_assert_eq!(&child["title/fr"], "Jalon 1");
        }

        let (csv_text, _) = report(&file, "decidim-answers", &[]);
        let table = read(&csv_text);
        proptest::prop_assert_eq!(table.rows.len(), 1);
        let answer = &table.rows[0]["answer/en"];
        proptest::prop_assert!(answer.starts_with("<p>Selected for the plan.</p>"));
        // The reason, read back from its HTML, is its lines as written.
        let lines: Vec<&str> = reason
            .split(['\n', '\r'])
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let read_back = answer["<p>Selected for the plan.</p>".len()..]
            .replace("</p><p>", "\n")
            .replace("<br>", "\n")
            .replace("<p>", "")
            .replace("</p>", "")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&");
        proptest::prop_assert_eq!(read_back, lines.join("\n"));
        for row in &table.rows {
            for cell in row.values() {
                proptest::prop_assert!(!cell.starts_with('='), "{cell:?}");
            }
        }
    }
}
