//! Looks names up in the embedded gazetteer: every place each name may refer to, most populous
//! first, with its GeoNames id. Annotators use it to give a place its id (`cargo run --release
//! -p newsgraph-core --example gazetteer -- Heihe "New York" Georgia`).

use newsgraph_core::geo::gazetteer::Gazetteer;

fn main() {
    let names: Vec<String> = std::env::args().skip(1).collect();
    if names.is_empty() {
        eprintln!("usage: gazetteer NAME...");
        std::process::exit(2);
    }
    let gaz = Gazetteer::embedded();
    for name in &names {
        let mut hits: Vec<_> = gaz.lookup(name).iter().map(|&i| gaz.entry(i)).collect();
        hits.sort_by_key(|e| std::cmp::Reverse(e.population));
        println!("{name}: {} place(s)", hits.len());
        for e in hits.iter().take(15) {
            println!(
                "  {:>9}  {} ({:?}, {}, admin1 {}, {}) pop {} at {:.3},{:.3}",
                e.geonameid,
                e.name,
                e.kind,
                e.country,
                if e.admin1.is_empty() { "-" } else { &e.admin1 },
                e.feature_code,
                e.population,
                e.lat,
                e.lon
            );
        }
    }
}
