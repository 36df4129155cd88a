// Command slidereel-cli is the command line of slidereel without the editor
// (no Fyne, so it builds in seconds): the benchmark runs it.
package main

import (
	"os"

	"github.com/slidereel/slidereel/export/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
