package project

import (
	"reflect"
	"strings"
	"testing"
)

// sampleValues holds a valid value, different from New's defaults, for
// every setting.
var sampleValues = map[Field]any{
	FieldDuration:   4.5,
	FieldTransition: Transition{Kind: WipeUp, Duration: 1},
	FieldKenBurns:   false,
	FieldZoom:       1.7,
	FieldEasing:     EaseIn,
	FieldFit:        FitCrop,
	FieldMotion:     Motion{Start: Rect{0, 0, 1, 1}, End: Rect{0.2, 0.2, 0.5, 0.5}},
	FieldDirection:  DirOut,
}

func jsonKeys(t reflect.Type) map[string]bool {
	keys := map[string]bool{}
	for field := range t.Fields() {
		name, _, _ := strings.Cut(field.Tag.Get("json"), ",")
		keys[name] = true
	}
	return keys
}

// TestSettingsTable checks every row: its key is a JSON key of Slide (and
// of Defaults when it has a default), and set, read, clear and the
// project ops agree.
func TestSettingsTable(t *testing.T) {
	slideKeys, defKeys := jsonKeys(reflect.TypeFor[Slide]()), jsonKeys(reflect.TypeFor[Defaults]())
	if len(Settings()) != len(sampleValues) {
		t.Fatalf("%d settings, %d sample values", len(Settings()), len(sampleValues))
	}
	for i, st := range Settings() {
		if int(st.Field) != i || st.Field.String() != st.Key || st.Label == "" {
			t.Errorf("row %d: field %d, key %q, String %q, label %q", i, st.Field, st.Key, st.Field.String(), st.Label)
		}
		if !slideKeys[st.Key] || st.HasDefault() != defKeys[st.Key] {
			t.Errorf("%s: not a slide key, or HasDefault %v disagrees with Defaults", st.Key, st.HasDefault())
		}
		v := sampleValues[st.Field]
		p := New()
		p.AddImages("a.jpg", "b.jpg")
		if err := p.SetOverride(st.Field, v, 1); err != nil {
			t.Fatalf("%s: %v", st.Key, err)
		}
		if st.Overridden(p.Slides[0]) || !st.Overridden(p.Slides[1]) {
			t.Errorf("%s: override landed on the wrong slide", st.Key)
		}
		if got, _ := st.getSlide(&p.Slides[1]); !reflect.DeepEqual(got, v) {
			t.Errorf("%s: slide holds %v, want %v", st.Key, got, v)
		}
		if st.HasDefault() {
			if err := p.SetDefault(st.Field, v, false); err != nil || !reflect.DeepEqual(st.Default(p), v) {
				t.Errorf("%s: default %v after setting %v (err %v)", st.Key, st.Default(p), v, err)
			}
		}
		if err := p.SetDefault(st.Field, st.Default(p), true); err != nil && st.HasDefault() {
			t.Fatal(err)
		}
		if st.Overridden(p.Slides[1]) {
			t.Errorf("%s: apply-to-all left the override", st.Key)
		}
		if probs := p.Validate(); len(probs) > 0 {
			t.Errorf("%s: %v", st.Key, probs)
		}
	}
	if _, ok := Field(len(settings)).Setting(); ok {
		t.Error("a field past the table has a row")
	}
}
