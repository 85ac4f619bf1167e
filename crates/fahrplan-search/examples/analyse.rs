//! Shows what the German analyzer makes of words: `cargo run -p fahrplan-search --example analyse -- Breitbandausbau Straße`.

use fahrplan_search::analyzer::GermanTokenizer;

fn main() {
    let mut t = GermanTokenizer::default();
    for w in std::env::args().skip(1) {
        let a = t.analyse(&w);
        println!(
            "{w}: folded {} stem {} parts {:?}",
            a.folded, a.stem, a.parts
        );
    }
}
