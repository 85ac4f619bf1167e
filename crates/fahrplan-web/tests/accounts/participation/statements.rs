//! A statement is offered only to those who may write one (experts and council members, issue
//! 14): anonymous readers and participants are never shown the option, not even in the list of
//! what a phase allows.

use super::*;

#[tokio::test]
async fn the_statement_option_is_shown_to_experts_and_hidden_from_participants() {
    for db in TestDb::all().await {
        let mail = tempfile::tempdir().unwrap();
        let (app, state) = setup_on(&db, with_mail(mail.path())).await;
        let (_, _, page) = get(&app, PROCESS).await;
        assert!(!page.contains("Stellungnahme"), "anonymous readers");

        register(&app, mail.path(), 0, "anna@example.org", "Anna").await;
        let (cookie, _) = login(&app, "anna@example.org", PW).await;
        let (_, _, page) = get_as(&app, PROCESS, &cookie).await;
        assert!(
            page.contains("value=\"proposal\""),
            "the participant may write"
        );
        assert!(
            !page.contains("Stellungnahme"),
            "a participant is not offered statements"
        );

        let account = state
            .app
            .store()
            .account_by_email("anna@example.org")
            .await
            .unwrap()
            .unwrap();
        state
            .app
            .store()
            .grant_role(account.id, fahrplan_domain::Role::Expert, "", 0)
            .await
            .unwrap();
        let (_, _, page) = get_as(&app, PROCESS, &cookie).await;
        assert!(
            page.contains("value=\"statement\""),
            "an expert is offered the statement"
        );
        assert!(
            page.contains("Stellungnahmen"),
            "and reads that the phase allows them"
        );
        db.cleanup().await;
    }
}
