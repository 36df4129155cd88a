package project

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// wrongTypeFields is every field of the file format with the JSON kind its
// error message must ask for. TestWrongTypeTableIsComplete fails when a
// field is added to the format without a line here.
var wrongTypeFields = map[string]string{
	"output":                        "an object",
	"output.width":                  "a whole number",
	"output.height":                 "a whole number",
	"output.fps":                    "a whole number",
	"background":                    "an object",
	"background.color":              "a string",
	"defaults":                      "an object",
	"defaults.duration":             "a number",
	"defaults.transition":           "an object",
	"defaults.transition.kind":      "a string",
	"defaults.transition.duration":  "a number",
	"defaults.ken_burns":            "true or false",
	"defaults.zoom":                 "a number",
	"defaults.easing":               "a string",
	"defaults.fit":                  "a string",
	"defaults.direction":            "a string",
	"timing":                        "a string",
	"snap":                          "a string",
	"caption_style":                 "an object",
	"caption_style.size":            "a number",
	"caption_style.position":        "a string",
	"caption_style.color":           "a string",
	"caption_style.outline":         "a string",
	"soundtrack":                    "an object",
	"soundtrack.music":              "a list",
	"soundtrack.music[0]":           "an object",
	"soundtrack.music[0].path":      "a string",
	"soundtrack.music[0].abs":       "a string",
	"soundtrack.music_gain_db":      "a number",
	"soundtrack.narration_gain_db":  "a number",
	"soundtrack.loop":               "true or false",
	"soundtrack.fade_in":            "a number",
	"soundtrack.fade_out":           "a number",
	"soundtrack.ducking":            "an object",
	"soundtrack.ducking.enabled":    "true or false",
	"soundtrack.ducking.depth_db":   "a number",
	"soundtrack.ducking.attack":     "a number",
	"soundtrack.ducking.release":    "a number",
	"soundtrack.normalize":          "true or false",
	"soundtrack.target_lufs":        "a number",
	"soundtrack.ceiling_dbtp":       "a number",
	"soundtrack.narration_gap":      "a number",
	"slides":                        "a list",
	"slides[0]":                     "an object",
	"slides[0].image":               "an object",
	"slides[0].image.path":          "a string",
	"slides[0].image.abs":           "a string",
	"slides[0].duration":            "a number",
	"slides[0].transition":          "an object",
	"slides[0].transition.kind":     "a string",
	"slides[0].transition.duration": "a number",
	"slides[0].ken_burns":           "true or false",
	"slides[0].zoom":                "a number",
	"slides[0].easing":              "a string",
	"slides[0].fit":                 "a string",
	"slides[0].direction":           "a string",
	"slides[0].motion":              "an object",
	"slides[0].motion.start":        "an object",
	"slides[0].motion.start.x":      "a number",
	"slides[0].motion.start.y":      "a number",
	"slides[0].motion.start.w":      "a number",
	"slides[0].motion.start.h":      "a number",
	"slides[0].motion.end":          "an object",
	"slides[0].motion.end.x":        "a number",
	"slides[0].motion.end.y":        "a number",
	"slides[0].motion.end.w":        "a number",
	"slides[0].motion.end.h":        "a number",
	"slides[0].narration":           "an object",
	"slides[0].narration.path":      "a string",
	"slides[0].narration.abs":       "a string",
	"slides[0].caption":             "a string",
}

// wrongValue is a JSON value that is not of the given kind.
func wrongValue(kind string) string {
	switch kind {
	case "a number", "a whole number":
		return `"x"`
	case "a list":
		return `{}`
	case "true or false":
		return `"yes"`
	}
	return `5` // a string or an object
}

// nestJSON puts value at path ("slides[0].image.path") in a document that
// is otherwise a valid project head.
func nestJSON(path, value string) string {
	parts := strings.Split(path, ".")
	for i := len(parts) - 1; i >= 0; i-- {
		name, list := strings.CutSuffix(parts[i], "[0]")
		if list {
			value = "[" + value + "]"
		}
		value = fmt.Sprintf("{%q: %s}", name, value)
	}
	return `{"format": "slidereel-project", "version": 1, ` + value[1:]
}

// TestWrongTypeMessages gives every field a value of the wrong JSON kind
// and checks the message names the field and the kind it wants ("direction":
// 5 once asked for an object, guessed from the Go type's name).
func TestWrongTypeMessages(t *testing.T) {
	for field, kind := range wrongTypeFields {
		value := wrongValue(kind)
		data := nestJSON(field, value)
		_, err := Parse([]byte(data), "/shows/x.project")
		if err == nil {
			t.Errorf("%s: %s parsed without error", field, data)
			continue
		}
		got := strings.Trim(value, `"{}`)
		jsonKind := map[string]string{"x": "string", "yes": "string", "": "object", "5": "number"}[got]
		want := fmt.Sprintf("%s: wrong type: got JSON %s, want %s", field, jsonKind, kind)
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %q, want it to contain %q", field, err, want)
		}
	}
}

// TestWrongTypeTableIsComplete lists the format's fields from the Go types
// and checks each has a line in wrongTypeFields.
func TestWrongTypeTableIsComplete(t *testing.T) {
	var paths []string
	var walk func(prefix string, typ reflect.Type)
	walk = func(prefix string, typ reflect.Type) {
		for typ.Kind() == reflect.Pointer {
			typ = typ.Elem()
		}
		switch typ.Kind() {
		case reflect.Slice:
			if prefix != "" {
				paths = append(paths, prefix)
			}
			walk(prefix+"[0]", typ.Elem())
			return
		case reflect.Struct:
		default:
			paths = append(paths, prefix)
			return
		}
		if prefix != "" && !strings.HasSuffix(prefix, "]") || strings.HasSuffix(prefix, "[0]") {
			paths = append(paths, prefix)
		}
		for field := range typ.Fields() {
			name, _, _ := strings.Cut(field.Tag.Get("json"), ",")
			if name == "" || name == "-" {
				continue
			}
			p := name
			if prefix != "" {
				p = prefix + "." + name
			}
			walk(p, field.Type)
		}
	}
	walk("", reflect.TypeFor[Project]())
	seen := map[string]bool{}
	for _, p := range paths {
		if p == "" || seen[p] {
			continue
		}
		seen[p] = true
		if _, ok := wrongTypeFields[p]; !ok {
			t.Errorf("field %s has no line in wrongTypeFields", p)
		}
	}
	var extra []string
	for p := range wrongTypeFields {
		if !seen[p] {
			extra = append(extra, p)
		}
	}
	sort.Strings(extra)
	if len(extra) > 0 {
		t.Errorf("wrongTypeFields names fields the format does not have: %v", extra)
	}
}
