"""The words of the declaration, from Hackney's guidance (000_881dd3342fdd64fe.txt, §4
"Expectations" and the Appendix "Declaration"), with the undertaking Hertfordshire asks for
(002_3f8e43dd3e1c40a6.txt §1.3) and its limitations (§3.3). The authority's name is filled in.
An easy-read version says the same things in short sentences."""

from __future__ import annotations

EXPECTATIONS = [
    "Records of meetings are for my own personal use. I will not share them with other people "
    "or put them on public forums, even if the settings are private, for example Facebook, "
    "YouTube, other online forums or websites.",
    "Information in the recording is sensitive. It is about me, my family and my children. I "
    "will treat information about other people with respect and dignity, and will not share it "
    "without their express consent.",
    "I will not use the recording to try to professionally or personally discredit or "
    "intimidate the professionals at the meeting.",
    "I will only use the recording in relation to Children's Services' involvement with my family.",
    "If I make a recording of a child protection meeting or a meeting with a professional, I "
    "will make a copy available to the chair of the meeting, or the people who attended it, "
    "if they ask.",
    "I will make it clear at the start of the meeting that I am recording, and I will not record "
    "any part of a meeting where a child I do not hold parental responsibility for, or have "
    "caring responsibilities for, is being discussed.",
    "If a recording is used in a way that breaks these expectations, the council will seek "
    "legal advice and may take action against the people sharing it.",
]

SOURCES = [
    "Hackney Children and Families Service guidance (January 2023), section 4 and Appendix",
    "Hertfordshire Children's Services process, sections 1.3 and 3.3",
]

EASY_READ = [
    ("You can record the meeting.", "The recording is only for you."),
    ("Do not share the recording.", "Do not put it on Facebook, YouTube or any website."),
    (
        "The recording has private things about your family.",
        "Be kind and careful with what other people said.",
    ),
    (
        "Do not use the recording to upset or get back at the workers.",
        "Use it to help you remember and understand.",
    ),
    (
        "Only use it for things to do with Children's Services.",
        "If the chair asks, give them a copy.",
    ),
    (
        "Some parts of the meeting are about a child you are not responsible for.",
        "You must not record those parts. The chair will tell you when to stop.",
    ),
    (
        "This agreement lasts until you say you want to stop it.",
        "You can stop it at any time.",
    ),
    (
        "If you share the recording, the council may ask a lawyer for help.",
        "This could mean going to court.",
    ),
]
