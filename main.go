// Command slidereel is the Slidereel slideshow editor. With no arguments,
// or a .project file, it opens the editor window.
package main

import (
	"os"

	"github.com/slidereel/slidereel/ui"
)

func main() {
	ui.Run(os.Args[1:])
}
