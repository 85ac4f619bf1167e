//! Counting real round trips. `on_pool!` and `in_tx!` hand every store function a [`Counted`]
//! pool or transaction instead of the bare sqlx one, and each statement sent through it adds one
//! to the store's counter ([`crate::Store::query_count`]), so a test of a fixed query count fails
//! on an N+1 loop inside a store function. It forwards every statement unchanged and must never
//! decide anything about it.
//!
//! What counts as one: every call that sends SQL (`execute`, `fetch_*`: sqlx routes all of them
//! through `fetch_many` or `fetch_optional`), and the `BEGIN` and `COMMIT` of a transaction, which
//! are statements of their own on both backends. So a transaction of three statements costs five.
//! Not counted: the pool's own health check before it hands out an idle connection, and the
//! rollback sqlx queues when a transaction is dropped after an error.

use futures_core::future::BoxFuture;
use futures_core::stream::BoxStream;
use sqlx::{Database, Describe, Either, Error, Execute, Executor, Pool, Transaction};
use std::sync::atomic::{AtomicU64, Ordering};

/// A pool or transaction whose statements are counted.
#[derive(Debug)]
pub(crate) struct Counted<'s, C> {
    inner: C,
    queries: &'s AtomicU64,
}

impl<'s, C> Counted<'s, C> {
    /// Wraps `inner`; its statements are added to `queries`.
    pub(crate) fn new(inner: C, queries: &'s AtomicU64) -> Self {
        Self { inner, queries }
    }

    fn tick(&self) {
        self.queries.fetch_add(1, Ordering::Relaxed);
    }
}

impl<'s, DB: Database> Counted<'s, Transaction<'static, DB>> {
    /// Opens a transaction with `statement` (`BEGIN` when `None`), counted as one round trip.
    pub(crate) async fn begin(
        pool: &Pool<DB>,
        statement: Option<&'static str>,
        queries: &'s AtomicU64,
    ) -> Result<Self, Error> {
        queries.fetch_add(1, Ordering::Relaxed);
        let tx = match statement {
            Some(s) => pool.begin_with(s).await?,
            None => pool.begin().await?,
        };
        Ok(Self::new(tx, queries))
    }

    /// Commits, counted as one round trip.
    pub(crate) async fn commit(self) -> Result<(), Error> {
        self.tick();
        self.inner.commit().await
    }
}

impl<'c, DB> Executor<'c> for &'c Counted<'_, &'_ Pool<DB>>
where
    DB: Database,
    for<'x> &'x mut DB::Connection: Executor<'x, Database = DB>,
{
    type Database = DB;

    fn fetch_many<'e, 'q: 'e, E>(
        self,
        query: E,
    ) -> BoxStream<'e, Result<Either<DB::QueryResult, DB::Row>, Error>>
    where
        'c: 'e,
        E: 'q + Execute<'q, DB>,
    {
        self.tick();
        self.inner.fetch_many(query)
    }

    fn fetch_optional<'e, 'q: 'e, E>(
        self,
        query: E,
    ) -> BoxFuture<'e, Result<Option<DB::Row>, Error>>
    where
        'c: 'e,
        E: 'q + Execute<'q, DB>,
    {
        self.tick();
        self.inner.fetch_optional(query)
    }

    fn prepare_with<'e, 'q: 'e>(
        self,
        sql: &'q str,
        parameters: &'e [DB::TypeInfo],
    ) -> BoxFuture<'e, Result<DB::Statement<'q>, Error>>
    where
        'c: 'e,
    {
        self.inner.prepare_with(sql, parameters)
    }

    fn describe<'e, 'q: 'e>(self, sql: &'q str) -> BoxFuture<'e, Result<Describe<DB>, Error>>
    where
        'c: 'e,
    {
        self.inner.describe(sql)
    }
}

impl<'c, DB> Executor<'c> for &'c mut Counted<'_, Transaction<'_, DB>>
where
    DB: Database,
    for<'x> &'x mut DB::Connection: Executor<'x, Database = DB>,
{
    type Database = DB;

    fn fetch_many<'e, 'q: 'e, E>(
        self,
        query: E,
    ) -> BoxStream<'e, Result<Either<DB::QueryResult, DB::Row>, Error>>
    where
        'c: 'e,
        E: 'q + Execute<'q, DB>,
    {
        self.tick();
        (&mut *self.inner).fetch_many(query)
    }

    fn fetch_optional<'e, 'q: 'e, E>(
        self,
        query: E,
    ) -> BoxFuture<'e, Result<Option<DB::Row>, Error>>
    where
        'c: 'e,
        E: 'q + Execute<'q, DB>,
    {
        self.tick();
        (&mut *self.inner).fetch_optional(query)
    }

    fn prepare_with<'e, 'q: 'e>(
        self,
        sql: &'q str,
        parameters: &'e [DB::TypeInfo],
    ) -> BoxFuture<'e, Result<DB::Statement<'q>, Error>>
    where
        'c: 'e,
    {
        (&mut *self.inner).prepare_with(sql, parameters)
    }

    fn describe<'e, 'q: 'e>(self, sql: &'q str) -> BoxFuture<'e, Result<Describe<DB>, Error>>
    where
        'c: 'e,
    {
        (&mut *self.inner).describe(sql)
    }
}
