package ui

import (
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/slidereel/slidereel/assets"
)

// AppID is the application's unique ID (preferences live under it).
const AppID = "io.slidereel.app"

// Run opens the editor window on the .project file in args, else the last
// project, else the bundled demo, and returns when the window closes. It is
// the only place that creates the Fyne app.
func Run(args []string) {
	traceMark("run")
	raiseProcs()
	a := app.NewWithID(AppID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	useEditorTheme(a)
	w := newEditorWindow(a, realServices())
	traceMark("window built")
	w.start(args, demoDir())
	traceMark("project opened")
	a.Lifecycle().SetOnStarted(func() { traceMark("app started") })
	w.win.ShowAndRun()
}

// demoDir is where the bundled demo project is written.
func demoDir() string {
	if d, err := os.UserConfigDir(); err == nil {
		return filepath.Join(d, "slidereel", "demo")
	}
	return filepath.Join(os.TempDir(), "slidereel-demo")
}
