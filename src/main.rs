//! The `egov-etl` binary: everything is in the library; `cli` parses, calls and renders.

fn main() -> std::process::ExitCode {
    egov_etl::cli::main()
}
