"""What each setting means, in one table: the settings page shows it, ``docs/config.md`` has it.

One entry per ``section.key`` of :class:`loosen.config.Settings`: a short label for a form, the
expected form and the meaning as written in the reference tables of ``docs/config.md`` (a test
keeps every row of those tables equal to this table, so the two never drift), and when a change
takes effect in a running service:

* ``now``: the service uses it as soon as the file is saved from the settings page;
* ``next-routine``: read when a routine starts (``loosen stretch``, the web player);
* ``restart``: read once when the service starts (the port, the idle source, notifications).

Labels, titles and meanings are marked ``N_`` and translated where they are shown (the
settings page); a label whose English word means something else elsewhere ("Start") is marked
``NC_`` with a context, so that translators see it as a message of its own. A new setting
needs its entry here (a test says so; until then the page shows it with its key as its label and
"after a restart"). Plain data: importing this module does nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from loosen.i18n import N_, NC_

Applies = Literal["now", "next-routine", "restart"]


@dataclass(frozen=True, slots=True)
class SectionHelp:
    title: str
    intro: str


@dataclass(frozen=True, slots=True)
class SettingHelp:
    label: str  # short, for a form
    form: str  # the "type" column of docs/config.md
    meaning: str  # the "meaning" column of docs/config.md (Markdown: `code` spans)
    applies: Applies


SECTIONS: dict[str, SectionHelp] = {  # in the order the settings page shows them
    "breaks": SectionHelp(
        N_("Breaks"), N_("How often a break comes, and how much it lets itself be put off.")
    ),
    "hours": SectionHelp(N_("Working hours"), N_("When reminders may come.")),
    "activity": SectionHelp(N_("Activity"), N_("How loosen tells that you got up.")),
    "routine": SectionHelp(N_("Routines"), N_("Which routine plays, and at what pace.")),
    "player": SectionHelp(
        N_("Routine player"), N_("How a routine is played, in the terminal and here.")
    ),
    "calendar": SectionHelp(
        N_("Calendar"),
        N_(
            "Calendars are added with `loosen calendar add`; these settings say how their events "
            "are read."
        ),
    ),
    "tray": SectionHelp(
        N_("Tray icon"),
        N_("The icon in the panel's tray (Linux: StatusNotifierItem; macOS and Windows: pystray)."),
    ),
    "service": SectionHelp(N_("Service"), N_("The background service itself.")),
    "ui": SectionHelp(N_("Language"), N_("The language of the commands, notifications and pages.")),
}

HELP: dict[str, SettingHelp] = {
    "player.animation": SettingHelp(
        N_("Animated figure"),
        "true/false",
        N_("Draw the animated stick figure. `--no-animation` turns it off for one run."),
        "next-routine",
    ),
    "player.sound": SettingHelp(
        N_("Sound cues"),
        "true/false",
        N_(
            'The terminal bell at "switch sides", "next move" and the end. `--quiet` turns sound '
            "and voice off for one run."
        ),
        "next-routine",
    ),
    "player.voice": SettingHelp(
        N_("Spoken cues"),
        "true/false",
        N_("Spoken cues through `espeak-ng` when it is installed (`apt-get install espeak-ng`)."),
        "next-routine",
    ),
    "routine.default": SettingHelp(
        N_("Default routine"),
        "routine id",
        N_("The routine `loosen stretch` plays when none is named."),
        "next-routine",
    ),
    "routine.profile": SettingHelp(
        N_("Pace"),
        '`"adult"` or `"older-adult"`',
        N_(
            "`older-adult` makes static holds of 30 s or more 1.5 times longer (at most 60 s) and "
            "gives 3 s more to switch sides and 4 s more between moves (domain brief §2.3). "
            "Warm-ups keep their short holds."
        ),
        "next-routine",
    ),
    "breaks.interval_minutes": SettingHelp(
        N_("Break after sitting for"),
        "20–180",
        N_(
            "A movement break after this much sitting (domain brief §1.7: hourly, as the SELF "
            "advice and Apple's stand reminder)."
        ),
        "now",
    ),
    "breaks.routine": SettingHelp(
        N_("Break routine"),
        "routine id",
        N_('The routine "Start routine" opens from a break notification.'),
        "now",
    ),
    "breaks.open_in": SettingHelp(
        N_("Play the break routine in"),
        '`"browser"` or `"terminal"`',
        N_(
            'Where "Start routine" in a break notification plays it when the break screen is '
            "off or cannot be shown: the web app's animated player in your browser, or `loosen "
            "stretch` in a new terminal window. Without a browser (or a terminal) the other is "
            "used."
        ),
        "now",
    ),
    "breaks.screen": SettingHelp(
        N_("Break screen"),
        "true/false",
        N_(
            "A calm window on every monitor for the break: the routine's moving figure, the "
            "move, its countdown and what comes next on the main monitor, a dimmed countdown on "
            "the others. It opens when you start a break, and when a break notification is not "
            "answered within `escalate_after`. Needs Tk (`loosen doctor` says); without it, or "
            "when off, breaks come as notifications only."
        ),
        "now",
    ),
    "breaks.escalate_after": SettingHelp(
        N_("Break screen after"),
        "0–60",
        N_(
            "Minutes an unanswered break notification waits before the break screen opens (0 = "
            "never: the screen opens only when you start the break)."
        ),
        "now",
    ),
    "breaks.strict": SettingHelp(
        N_("Strict break screen"),
        "true/false",
        N_(
            "No Esc, Snooze or Skip on the break screen, and Done only once the routine counts as "
            "your break. In an emergency, pressing Esc five times within three seconds always "
            "closes it."
        ),
        "now",
    ),
    "breaks.heads_up_seconds": SettingHelp(
        N_("Heads-up before a break"),
        "0–600",
        N_("A quiet heads-up this long before the break."),
        "now",
    ),
    "breaks.snooze_minutes": SettingHelp(
        N_("Snooze length"), "1–60", N_("How long a snooze puts the break off."), "now"
    ),
    "breaks.max_snoozes": SettingHelp(
        N_("Snoozes per break"),
        "0–10",
        N_("Snoozes allowed for one break; then take it or skip it."),
        "now",
    ),
    "breaks.skips_per_day": SettingHelp(
        N_("Skips per day"), "0–24", N_("Breaks you may skip in a day."), "now"
    ),
    "breaks.repeat_minutes": SettingHelp(
        N_("Repeat an unanswered break after"),
        "1–120",
        N_("An unanswered break notification is repeated after this long."),
        "now",
    ),
    "breaks.nudge_minutes": SettingHelp(
        N_("Stand-up nudge every"),
        "0–120",
        N_(
            'A short "stand up" nudge every this many minutes of sitting (0 = off; the trials '
            "favour 20–30)."
        ),
        "now",
    ),
    "breaks.defer_ceiling_minutes": SettingHelp(
        N_("Longest wait in a focus block"),
        "0–240",
        N_(
            "A break due in a calendar block marked interruptible (see "
            "`calendar.interruptible_words`) or in do-not-disturb waits at most "
            "this long past due, then comes inside the block (0 = wait for its "
            "end). Meetings and calls are never interrupted: the break comes "
            "right after."
        ),
        "now",
    ),
    "activity.away_minutes": SettingHelp(
        N_("Away after"),
        "1–30",
        N_(
            "A screen lock or suspend this long means you got up: the sitting bout ended when it "
            "began, and a natural break is counted until you are back. A quiet this long without "
            "keyboard or mouse may be a walk: no prompt goes to the desk until you are back."
        ),
        "now",
    ),
    "activity.quiet_minutes": SettingHelp(
        N_("Quiet means away after"),
        "1–60, at least `away_minutes`",
        N_(
            "With the screen unlocked, no keyboard or mouse and nothing else saying you are "
            "there (a meeting, a call, a full-screen window, media playing) for this long, you "
            'got up. A shorter quiet may be a still read: loosen asks "did you get up?" (or '
            "the break prompt asks) and counts it only on a yes. Equal to `away_minutes`, every "
            "quiet that long is a break."
        ),
        "now",
    ),
    "activity.ask_minutes": SettingHelp(
        N_("Ask after"),
        "1–30, less than `away_minutes`",
        N_(
            "A quiet gap from this long up to `quiet_minutes` may be reading or a call: loosen may "
            'ask "did you get up?" (at most 3 times a day) and counts it only on a yes.'
        ),
        "now",
    ),
    "activity.idle_source": SettingHelp(
        N_("Activity source"),
        '`"auto"`, `"x11"`, `"mutter"`, `"wayland"`, `"freedesktop"`, `"none"`',
        N_(
            "How activity is seen; `auto` prefers a source that sends events (GNOME Mutter's idle "
            "watches, Wayland idle notifications, X11 XSync alarms) to one read on a timer (the "
            "freedesktop ScreenSaver on KDE X11, XScreenSaver). `none` makes loosen a plain timer. "
            "`loosen doctor` shows what works."
        ),
        "restart",
    ),
    "hours.enabled": SettingHelp(
        N_("Only remind in working hours"),
        "true/false",
        N_("Only remind between `start` and `end` on `days`; sitting is counted all the time."),
        "now",
    ),
    "hours.start": SettingHelp(
        NC_("working hours", "Start"), '`"HH:MM"`', N_("Local time reminders may start."), "now"
    ),
    "hours.end": SettingHelp(
        NC_("working hours", "End"),
        '`"HH:MM"`, later than `start`',
        N_("Local time reminders stop."),
        "now",
    ),
    "hours.days": SettingHelp(
        N_("Days"), 'list of `"mon"` … `"sun"`', N_("Days with reminders."), "now"
    ),
    "breaks.pause_media": SettingHelp(
        N_("Pause media during breaks"),
        "true/false",
        N_(
            "Pause the music or video that is playing (MPRIS players: browsers, mpv, VLC, Spotify) "
            "when a break starts, and play again only what loosen paused when it ends."
        ),
        "now",
    ),
    "breaks.lock_screen": SettingHelp(
        N_("Lock the screen for a break"),
        "true/false",
        N_(
            "Lock the screen when a break starts (the desktop's screensaver over D-Bus, else "
            "`loginctl lock-session` or `xdg-screensaver lock`; `loosen doctor` says which)."
        ),
        "now",
    ),
    "breaks.sound": SettingHelp(
        N_("Chime"),
        "true/false",
        N_(
            "A short chime with the heads-up and when a break ends (through `pw-play`, `paplay` or "
            "`aplay`), never in do-not-disturb."
        ),
        "now",
    ),
    "breaks.volume": SettingHelp(
        N_("Chime volume"),
        "0–100",
        N_("How loud the chime is, in percent."),
        "now",
    ),
    "tray.enabled": SettingHelp(
        N_("Tray icon"),
        "true/false",
        N_(
            "Show loosen's icon and menu in the panel's tray, where the desktop has one (`loosen "
            "doctor` says)."
        ),
        "restart",
    ),
    "tray.show_minutes": SettingHelp(
        N_("Minutes beside the icon"),
        "true/false",
        N_("Show the minutes sitting as text beside the icon, where the panel shows such labels."),
        "restart",
    ),
    "ui.language": SettingHelp(
        N_("Language"),
        '`""` or one of `"en"`, `"de"`, `"es"`, `"fr"`, `"it"`, `"ja"`, `"nl"`, `"pl"`, '
        '`"pt_BR"`, `"zh_CN"`',
        N_(
            'The language loosen speaks; `""` follows the system (`LANGUAGE`, `LC_ALL`, '
            "`LC_MESSAGES`, `LANG`; the OS setting on macOS and Windows). Dates and numbers follow "
            "the system's locale when it speaks the same language. English is used for any text "
            "not yet translated."
        ),
        "restart",
    ),
    "tray.backend": SettingHelp(
        N_("Tray backend"),
        '`"auto"`, `"dbus"`, `"pystray"`',
        N_(
            'How the icon is shown: `"dbus"` is StatusNotifierItem over the service\'s D-Bus '
            'connection (Linux), `"pystray"` a small child process with pystray (macOS, Windows; '
            'on Linux it needs `loosen[tray]`); `"auto"` is `"dbus"` on Linux, `"pystray"` '
            "elsewhere."
        ),
        "restart",
    ),
    "service.port": SettingHelp(
        N_("Port"),
        "0–65535",
        N_(
            "Port of the local API and web app on loopback; 0 picks a free one (the CLI finds it "
            "in the runtime file). Fix it if you bookmark pages of the web app."
        ),
        "restart",
    ),
    "service.notifications": SettingHelp(
        N_("Notifications"),
        '`"auto"`, `"desktop"`, `"terminal"`',
        N_(
            "Desktop notifications with buttons where a notification server answers; otherwise "
            "lines on the service's output."
        ),
        "restart",
    ),
    "calendar.tentative_blocks": SettingHelp(
        N_("Tentative events keep breaks away"),
        "true/false",
        N_("Tentative events (STATUS:TENTATIVE) keep break prompts away too."),
        "now",
    ),
    "calendar.all_day_blocks": SettingHelp(
        N_("All-day events block the day"),
        "true/false",
        N_('All-day events (holidays, conferences, "working from home") block the whole day.'),
        "now",
    ),
    "calendar.walking_words": SettingHelp(
        N_("Walking-meeting words"),
        "list of words",
        N_(
            "An event whose title has one of these words is a walking meeting: it counts as a "
            "break, not as sitting."
        ),
        "now",
    ),
    "calendar.prerun_words": SettingHelp(
        N_("Run and workout words"),
        "list of words",
        N_(
            "An event whose title has one of these words (whole words) is a run or workout: loosen "
            "suggests the dynamic `pre-run` warm-up before it, not static stretches."
        ),
        "now",
    ),
    "calendar.interruptible_words": SettingHelp(
        N_("Interruptible-block words"),
        "list of words",
        N_(
            'An event whose title has one of these words ("Focus time", "Deep work") may be '
            "interrupted by a break that has waited `breaks.defer_ceiling_minutes` past due."
        ),
        "now",
    ),
    "calendar.prerun_minutes": SettingHelp(
        N_("Warm-up reminder before a run"),
        "0–120",
        N_("How long before such an event the warm-up is suggested."),
        "now",
    ),
}
