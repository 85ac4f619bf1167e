//! The strategy's pages: start page, editions, areas and their comparison, goals, measures,
//! departments, and the process that wrote the strategy.

pub mod compare;
pub mod departments;
pub mod editions;
pub mod items;
pub mod process;
pub mod progress;
