fn main() {
    let path = std::env::args().nth(1).unwrap();
    let document = fin_helpdesk_codegen::load(std::path::Path::new(&path)).unwrap();
    let settings = fin_helpdesk_codegen::GenerationSettings::new("Api");
    let generated = fin_helpdesk_codegen::Generator::new(&settings)
        .server(&document)
        .unwrap();
    for w in &generated.warnings {
        eprintln!("warning: {w}");
    }
    println!("{}", generated.code);
}
