fn main() -> std::process::ExitCode {
    egov_etl::cli::main()
}
