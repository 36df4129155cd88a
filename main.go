// Command slidereel is the Slidereel slideshow editor. With no arguments,
// or a .project file, it opens the editor window; "slidereel render ..."
// and the other subcommands run headless and never create the window.
package main

import (
	"os"

	"github.com/slidereel/slidereel/export/cli"
	"github.com/slidereel/slidereel/ui"
)

func main() {
	if len(os.Args) > 1 && cli.IsCommand(os.Args[1]) {
		os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
	}
	ui.Run(os.Args[1:])
}
