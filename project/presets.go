package project

// SizePreset is a named output frame size. The CLI (--preset), the export
// settings and the editor's menus all offer these, from this one list.
type SizePreset struct {
	Name          string // for the command line: "1080p"
	Width, Height int
	Label         string // for help texts: "Full HD 1920x1080 (16:9)"
	Menu          string // for the editor's menus: "16:9 · 1920×1080"
}

// SizePresets are the frame size presets, in the order they are offered;
// the first is the default size.
var SizePresets = []SizePreset{
	{"1080p", 1920, 1080, "Full HD 1920x1080 (16:9)", "16:9 · 1920×1080"},
	{"720p", 1280, 720, "HD 1280x720 (16:9)", "16:9 · 1280×720"},
	{"4k", 3840, 2160, "4K UHD 3840x2160 (16:9)", "16:9 · 3840×2160 (4K)"},
	{"vertical", 1080, 1920, "Vertical 1080x1920 (9:16, stories and reels)", "9:16 · 1080×1920"},
	{"square", 1080, 1080, "Square 1080x1080 (1:1)", "1:1 · 1080×1080"},
	{"portrait", 1080, 1350, "Portrait 1080x1350 (4:5)", "4:5 · 1080×1350"},
}

// FrameRates are the frame rates offered to the user; the first is the
// default.
var FrameRates = []FPS{DefaultFPS, 25, 30, 50, 60}
