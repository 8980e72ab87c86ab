//! The `egov-etl` binary: everything is in the library; `cli` parses, calls and renders.

/// mimalloc: the stages allocate many small strings per row (see BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    egov_etl::cli::main()
}
