//! `/metrics` through the real router on both databases: Prometheus text with the signed head of
//! the audit log, no cookie, never cached, and no secret in it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of integration tests fail the test on error"
)]

mod common;

use axum::http::{StatusCode, header};
use common::{get, setup_on};
use fahrplan_testkit::TestDb;

#[tokio::test]
async fn metrics_answer_200_with_the_signed_audit_head_and_set_no_cookie() {
    for db in TestDb::all().await {
        let (router, state) = setup_on(&db, |app| app).await;
        let (status, headers, body) = get(&router, "/metrics").await;
        assert_eq!(status, StatusCode::OK, "{}", db.backend);
        assert!(
            body.lines().any(|l| l == "fahrplan_audit_head_seq 0"),
            "no head before the first entry: {body}"
        );
        assert!(!body.contains("fahrplan_audit_head_info{"), "{body}");
        for i in 0..2 {
            state
                .app
                .audit(None, "role.grant", &format!("account:{i}"), "{}")
                .await
                .unwrap();
        }
        let head = state.app.audit_head().await.unwrap().unwrap();
        let (status, headers_after, body) = get(&router, "/metrics").await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            body.lines()
                .any(|l| l == format!("fahrplan_audit_head_seq {}", head.seq)),
            "{body}"
        );
        let info = format!(
            "fahrplan_audit_head_info{{seq=\"{}\",hash=\"{}\",signature=\"{}\"}} 1",
            head.seq, head.hash, head.signature
        );
        assert!(body.lines().any(|l| l == info), "{body}");
        assert!(
            state
                .app
                .audit_key()
                .head_signature_holds(head.seq, &head.hash, &head.signature)
        );
        for h in [&headers, &headers_after] {
            assert_eq!(
                h[header::CONTENT_TYPE],
                "text/plain; version=0.0.4; charset=utf-8"
            );
            assert!(h.get(header::SET_COOKIE).is_none(), "{h:?}");
            assert_eq!(h[header::CACHE_CONTROL], "no-store");
        }
        db.cleanup().await;
    }
}
