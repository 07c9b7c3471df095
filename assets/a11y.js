/* What the explorer's Dash 4 components leave unsaid to assistive technology, said from the page's own labels,
   and the two behaviours of the page's layout that need a script. Ids come from the page, never written here.

   * A Checklist or RadioItems is drawn as role="listbox" with each <label> role="option" around a native checkbox
     or radio button: options holding inputs, which a screen reader announces as a list box's options, and no name.
     The native inputs say everything themselves, so the options lose their role (and aria-selected), and the list
     becomes a group (a radiogroup for radio buttons) named by its visible <label for=...>.
   * A Slider's handle (role="slider") and a Dropdown's button take their name from the same <label for=...>
     (neither is an element a <label> can name); a Dropdown keeps its own value in its name, after the label's
     words, and its open list is named by the label too. An element with data-label-also="<id>" names that widget too; one with data-valuetext-for="<id>" says
     the slider's value in words (aria-valuetext), as it is shown.
   * "Skip to the map" and "Skip to the routes" move the focus to their section without a #fragment in the
     address (the explorer opens every new history step as a link).
   * The controls (a <details data-narrow="<media query>">, open as the page comes) fold on a narrow screen when
     the page loads, behind their "Choose the view" summary, and unfold when the screen becomes wide.

   The page is drawn by React, which puts none of these attributes back: they are set again only when a component
   is drawn anew, which the observer below sees. */
(function () {
  "use strict";

  function set(el, name, value) {
    if (el.getAttribute(name) !== value) {
      el.setAttribute(name, value);
    }
  }

  function unset(el, name) {
    if (el.hasAttribute(name)) {
      el.removeAttribute(name);
    }
  }

  function labelId(label) {
    if (!label.id) {
      label.id = (label.htmlFor || label.getAttribute("data-label-also")) + "-label";
    }
    return label.id;
  }

  function optionsList(list, label) {
    if (list.closest(".dash-dropdown-content")) {
      return;  // a dropdown's open list is a list box of options: that is what it is
    }
    var inputs = list.querySelectorAll("input");
    if (label || inputs.length > 1) {
      set(list, "role", list.querySelector("input[type=radio]") ? "radiogroup" : "group");
      if (label) {
        set(list, "aria-labelledby", labelId(label));
      }
    } else {
      unset(list, "role");
    }
    list.querySelectorAll("[role=option]").forEach(function (option) {
      unset(option, "role");
      unset(option, "aria-selected");
    });
  }

  function name(widget, label) {
    if (widget.classList.contains("dash-options-list")) {
      optionsList(widget, label);
    } else if (widget.classList.contains("dash-slider-container")) {
      widget.querySelectorAll("[role=slider]").forEach(function (thumb) {
        set(thumb, "aria-labelledby", labelId(label));
      });
    } else if (widget.classList.contains("dash-dropdown")) {
      var own = (widget.getAttribute("aria-labelledby") || "").split(" ").filter(function (id) {
        return id && id !== labelId(label);
      });
      set(widget, "aria-labelledby", [labelId(label)].concat(own).join(" "));
      // its open list (a dialog holding a list box, named by nothing of its own) takes the label's name too
      var popup = widget.getAttribute("aria-controls") && document.getElementById(widget.getAttribute("aria-controls"));
      if (popup) {
        set(popup, "aria-labelledby", labelId(label));
        popup.querySelectorAll("[role=listbox]").forEach(function (list) {
          set(list, "aria-labelledby", labelId(label));
        });
      }
    }
  }

  function fix() {
    document.querySelectorAll("label[for]").forEach(function (label) {
      var widget = document.getElementById(label.htmlFor);
      if (widget) {
        name(widget, label);
      }
    });
    document.querySelectorAll("[data-label-also]").forEach(function (label) {
      var widget = document.getElementById(label.getAttribute("data-label-also"));
      if (widget) {
        name(widget, label);
      }
    });
    // lists with no label of their own (a single checkbox says what it does)
    document.querySelectorAll(".dash-options-list[role=listbox]").forEach(function (list) {
      optionsList(list, null);
    });
    document.querySelectorAll("[data-valuetext-for]").forEach(function (text) {
      var slider = document.getElementById(text.getAttribute("data-valuetext-for"));
      var words = text.textContent.trim();
      if (slider && words) {
        slider.querySelectorAll("[role=slider]").forEach(function (thumb) {
          set(thumb, "aria-valuetext", words);
        });
      }
    });
    document.querySelectorAll("details[data-narrow]:not([data-narrow-seen])").forEach(function (panel) {
      panel.setAttribute("data-narrow-seen", "");
      var narrow = window.matchMedia(panel.getAttribute("data-narrow"));
      if (narrow.matches) {
        panel.open = false;
      }
      narrow.addEventListener("change", function (e) {
        if (!e.matches) {
          panel.open = true;  // a wide screen shows the controls beside the map, with no summary to open them
        }
      });
    });
  }

  document.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest("a.skip-link");
    var target = link && document.getElementById(link.getAttribute("href").slice(1));
    if (target) {
      e.preventDefault();
      target.focus();
      target.scrollIntoView({block: "start"});
    }
  });

  if (typeof MutationObserver === "function") {
    // attributes too: React puts aria-selected back on an option it redraws as picked
    new MutationObserver(fix).observe(document.documentElement, {childList: true, subtree: true,
                                                                 characterData: true, attributes: true,
                                                                 attributeFilter: ["role", "aria-selected"]});
  }
  document.addEventListener("DOMContentLoaded", fix);
})();
