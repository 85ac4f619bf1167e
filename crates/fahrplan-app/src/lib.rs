//! Use cases of fahrplan: the only place that coordinates the store (and later the search index),
//! checks input and decides what a caller may do. It knows nothing about HTTP.

pub mod content;
mod error;
pub mod feedback;
pub mod views;

pub use error::{AppError, AppResult, FieldError, FieldErrors};
pub use fahrplan_store::{Area, GoalInArea, MeasureInArea, Store, Succession};

/// The application: use cases over one store. Cheap to clone.
#[derive(Clone, Debug)]
pub struct App {
    store: Store,
}

impl App {
    /// Wraps a connected, migrated store.
    pub fn new(store: Store) -> Self {
        Self { store }
    }

    /// The store, for operations (health checks, outbox polling).
    pub fn store(&self) -> &Store {
        &self.store
    }
}
