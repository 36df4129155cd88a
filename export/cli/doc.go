// Package cli is Slidereel's headless command line: `slidereel render` and
// `slidereel new`. It needs no display and never imports Fyne; main.go
// dispatches to Main when IsCommand(os.Args[1]) and opens the editor
// otherwise.
//
// The contract:
//
//   - Main(args, stdout, stderr) runs one command in-process and returns
//     the exit code: 0 success, 1 failure (the error on stderr), 2 usage
//     error, 130 interrupted (Ctrl-C cancels the export cleanly).
//   - Every command has --help (printed on stdout, exit 0).
//   - Without a project file the flags are the old video service's
//     parameters with its defaults (project.ServiceRequest).
//   - Progress goes to stderr: a bar on a terminal, plain lines otherwise.
package cli
