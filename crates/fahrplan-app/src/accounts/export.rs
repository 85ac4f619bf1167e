//! "Meine Daten": everything the portal stores about one account, as a ZIP of JSON files with a
//! README in German and English (Art. 15 and 20 DSGVO). It gathers what belongs to the person
//! and nothing else: never another person's data, never the account or email of a staff member
//! who answered or moderated, never a secret (password hash, second-factor secret, the token of
//! the mails' stop link).

use super::{internal, login::Actor, now};
use crate::{App, AppResult};
use fahrplan_store::{AccountRow, AnnotationRow, AnswerRow, HidingRow, SanctionRow};
use serde_json::{Value, json};
use std::io::Write as _;

/// A finished export: file name and ZIP bytes.
#[derive(Debug, Clone)]
pub struct Export {
    /// Suggested file name.
    pub file_name: String,
    /// The ZIP archive.
    pub zip: Vec<u8>,
}

const EXPORT_README: &str = "# Meine Daten / My data\n\n\
Diese Datei enthält alles, was das Portal zu Ihrem Konto speichert. / This archive holds everything the portal stores about your account.\n\n\
Zeitpunkte sind Unix-Sekunden (UTC). / Times are Unix seconds (UTC).\n\n\
- `account.json`: E-Mail-Adresse, Anzeigename, Zeitpunkte von Registrierung und Bestätigung, ob ein zweiter Faktor eingerichtet ist und ob Sie Mails zu Rückmeldungen und Antworten bekommen möchten. / email, display name, registration and confirmation times, whether a second factor is set up and whether you asked for mails about answers and replies.\n\
- `roles.json`: Rollen mit Ressort und Zeitpunkt der Vergabe. / roles with department and time granted.\n\
- `consents.json`: Einwilligungen mit Version des Textes, Zeitpunkt und ggf. Widerruf. / consents with text version, time given and withdrawn.\n\
- `sessions.json`: aktive Anmeldungen mit Beginn, letzter Aktivität, IP-Adresse (höchstens 7 Tage gespeichert) und Browser. / active sessions with start, last activity, IP address (kept 7 days at most) and browser.\n\
- `audit.json`: Einträge im Prüfprotokoll, die Ihr Konto betreffen (Anmeldungen mit Rollen, Rollenänderungen). / audit-log entries about your account.\n\
- `contributions.json`: Ihre Beiträge mit Verfahren, Bezug, Art, Titel, Text, Zeitpunkten und Zustand, auch zurückgezogene und ausgeblendete. / your contributions with process, target, kind, title, text, times and state, withdrawn and hidden ones included.\n\
- `answers.json`: die Rückmeldungen der Verwaltung zu Ihren Beiträgen mit Stand, Begründung, Ressort (leer: die Redaktion), Zeitpunkt und dem, was der Beitrag geändert hat; `current` markiert die gültige. Wer sie geschrieben hat, steht nicht darin. / the administration's answers to your contributions with state, reasoning, department (empty: the editorial team), time and what the contribution changed; `current` marks the one in force. Who wrote them is not included.\n\
- `annotations.json`: Ihre Kommentare zu Absätzen mit Text, Absatz, zitierten Worten, der Fassung des Absatzes beim Schreiben und wie der Kommentar nach späteren Änderungen angeheftet ist; der Kommentartext steht in `contributions.json`. / your comments on paragraphs with text, paragraph, quoted words, the paragraph's wording when you wrote and how the comment is attached after later edits; the comment itself is in `contributions.json`.\n\
- `hidings.json`: Ausblendungen Ihrer Beiträge (durch Meldungen oder die Moderation) mit Zeitpunkten, Ihrem Widerspruch und der Entscheidung darüber. / hidings of your contributions (by reports or by the moderators) with times, your objection and the decision on it.\n\
- `sanctions.json`: Verwarnungen und Sperren Ihres Kontos mit Begründung, Zeitpunkt und ggf. Aufhebung. / warnings and blocks of your account with reason, time and when a block was lifted.\n\
- `supports.json`: die Beiträge, die Sie unterstützen, mit Zeitpunkt. / the contributions you support, with the time.\n\
- `reports.json`: Ihre Meldungen an die Moderation mit Grund, Zeitpunkt und Ergebnis. / your reports to the moderators with reason, time and outcome.\n";

impl App {
    /// Everything stored about the account, as a ZIP of JSON files with a README (Art. 15, 20
    /// DSGVO). Needs the password.
    pub async fn export_my_data(&self, actor: &Actor, pw: &str) -> AppResult<Export> {
        let acc = self.check_password(actor, pw, "export_password").await?;
        let (notify, _stop_token) = self.store.notify_answers(acc.id).await?;
        let roles = self.store.roles(acc.id).await?;
        let consents = self.store.consents(acc.id).await?;
        let sessions = self.store.sessions_of(acc.id, now()).await?;
        // Entries about the account or made by it, found by the database, not by reading the log.
        let audit: Vec<Value> = self
            .store
            .audit_of_account(acc.id)
            .await?
            .into_iter()
            .map(|r| {
                json!({
                    "at": r.at, "action": r.action, "entity": r.entity,
                    "by_this_account": r.actor_id == Some(acc.id),
                })
            })
            .collect();
        let contributions = self.store.contributions_by(acc.id).await?;
        let answers = self.store.answers_to_author(acc.id).await?;
        let annotations = self.store.annotations_by(acc.id).await?;
        let hidings = self.store.hidings_of_author(acc.id).await?;
        let sanctions = self.store.sanctions_of(acc.id).await?;
        let supports = self.store.supports_by(acc.id).await?;
        let reports = self.store.flags_by(acc.id).await?;
        let files = [
            ("account.json", account_json(&acc, notify)),
            ("roles.json", json!(roles.iter().map(|r| json!({"role": r.role.as_str(), "department": r.department, "granted_at": r.granted_at})).collect::<Vec<_>>())),
            ("consents.json", json!(consents.iter().map(|c| json!({"kind": c.kind, "version": c.version, "given_at": c.given_at, "withdrawn_at": c.withdrawn_at})).collect::<Vec<_>>())),
            ("sessions.json", json!(sessions.iter().map(|s| json!({"created_at": s.created_at, "last_seen_at": s.last_seen_at, "ip": s.ip, "user_agent": s.user_agent, "this_session": s.token_hash == actor.session_hash})).collect::<Vec<_>>())),
            ("audit.json", json!(audit)),
            ("contributions.json", json!(contributions.iter().map(|c| json!({"id": c.id, "process": c.process, "target_kind": c.target_kind.as_str(), "target": c.target, "kind": c.kind.as_str(), "parent": c.parent, "title": c.title, "body": c.body, "created_at": c.created_at, "edited_at": c.edited_at, "state": c.state.as_str(), "state_reason": c.state_reason})).collect::<Vec<_>>())),
            ("answers.json", answers_json(&answers)),
            ("annotations.json", json!(annotations.iter().map(annotation_json).collect::<Vec<_>>())),
            ("hidings.json", json!(hidings.iter().map(hiding_json).collect::<Vec<_>>())),
            ("sanctions.json", json!(sanctions.iter().map(sanction_json).collect::<Vec<_>>())),
            ("supports.json", json!(supports.iter().map(|(id, at)| json!({"contribution": id, "created_at": at})).collect::<Vec<_>>())),
            ("reports.json", json!(reports.iter().map(|(id, reason, at, outcome)| json!({"contribution": id, "reason": reason, "created_at": at, "outcome": outcome})).collect::<Vec<_>>())),
        ];
        Ok(Export {
            file_name: format!("meine-daten-{}.zip", acc.id),
            zip: zipped(&files)?,
        })
    }
}

/// The account itself; the stop link's token is a secret and stays out.
fn account_json(acc: &AccountRow, notify_answers: bool) -> Value {
    json!({
        "id": acc.id, "email": acc.email, "display_name": acc.display_name,
        "created_at": acc.created_at, "verified_at": acc.verified_at,
        "second_factor": acc.totp_secret.is_some(),
        "notify_answers": notify_answers,
    })
}

/// The answers, oldest first per contribution; the last of each is the one in force. The store
/// row carries no author, so the staff member who wrote one cannot leak.
fn answers_json(answers: &[AnswerRow]) -> Value {
    let lines: Vec<Value> = answers
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let newer = answers
                .get(i + 1)
                .is_some_and(|next| next.contribution == a.contribution);
            json!({
                "contribution": a.contribution, "state": a.state.as_str(),
                "reasoning": a.reasoning, "department": a.department,
                "answered_at": a.created_at, "current": !newer,
                "changes": a.links.iter().map(|l| json!({"entity": l.entity, "version": l.version})).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!(lines)
}

fn annotation_json(a: &AnnotationRow) -> Value {
    json!({
        "contribution": a.contribution, "text": a.text, "block": a.block, "quote": a.quote,
        "anchoring": a.anchoring.as_str(), "wording": a.wording, "version": a.version,
    })
}

fn hiding_json(h: &HidingRow) -> Value {
    json!({
        "contribution": h.contribution, "process": h.process, "by_reports": h.by_reports,
        "hidden_at": h.hidden_at, "reviewed_at": h.reviewed_at, "restored_at": h.restored_at,
        "objection": h.objection, "objected_at": h.objected_at,
        "objection_outcome": h.objection_outcome, "objection_answer": h.objection_answer,
        "answered_at": h.answered_at,
    })
}

fn sanction_json(s: &SanctionRow) -> Value {
    json!({
        "kind": s.kind, "reason": s.reason, "created_at": s.created_at, "lifted_at": s.lifted_at,
    })
}

/// The README and the files, deflated into one ZIP.
fn zipped(files: &[(&str, Value)]) -> AppResult<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("README.md", opts).map_err(internal)?;
    zip.write_all(EXPORT_README.as_bytes()).map_err(internal)?;
    for (name, value) in files {
        zip.start_file(*name, opts).map_err(internal)?;
        let text = serde_json::to_string_pretty(value).map_err(internal)?;
        zip.write_all(text.as_bytes()).map_err(internal)?;
    }
    Ok(zip.finish().map_err(internal)?.into_inner())
}
