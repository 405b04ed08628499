"""Commands as data, and the one dispatcher that handles them (`handle`)."""

from services.application.commands.applications import ApplyToChallenge, WithdrawApplication
from services.application.commands.base import Change, Command, Create, Done
from services.application.commands.challenges import (
    AwardChallenge,
    CloseChallenge,
    CompleteImplementation,
    DraftChallenge,
    PublishChallenge,
    ReopenChallenge,
    ReviseChallenge,
    RevokeAward,
    StartImplementation,
    WithdrawChallenge,
)
from services.application.commands.corrections import CorrectDate
from services.application.commands.dispatch import handle
from services.application.commands.programmes import (
    EndProgramme,
    JoinProgramme,
    LaunchProgramme,
    LeaveProgramme,
    NoteActivity,
)
from services.application.commands.shortlists import (
    AcceptCandidate,
    FinaliseShortlist,
    ProduceShortlist,
    RejectCandidate,
    WithdrawDecision,
)
from services.application.commands.startups import (
    ErasePersonalData,
    RegisterStartup,
    ReviseStartup,
    WithdrawStartup,
)
from services.application.commands.workshops import (
    CancelWorkshop,
    HoldWorkshop,
    PlanWorkshop,
    PostponeWorkshop,
    ScheduleWorkshop,
)

__all__ = [
    "AcceptCandidate",
    "ApplyToChallenge",
    "AwardChallenge",
    "CancelWorkshop",
    "Change",
    "CloseChallenge",
    "Command",
    "CompleteImplementation",
    "CorrectDate",
    "Create",
    "Done",
    "DraftChallenge",
    "EndProgramme",
    "ErasePersonalData",
    "FinaliseShortlist",
    "HoldWorkshop",
    "JoinProgramme",
    "LaunchProgramme",
    "LeaveProgramme",
    "NoteActivity",
    "PlanWorkshop",
    "PostponeWorkshop",
    "ProduceShortlist",
    "PublishChallenge",
    "RegisterStartup",
    "RejectCandidate",
    "ReopenChallenge",
    "ReviseChallenge",
    "ReviseStartup",
    "RevokeAward",
    "ScheduleWorkshop",
    "StartImplementation",
    "WithdrawApplication",
    "WithdrawChallenge",
    "WithdrawDecision",
    "WithdrawStartup",
    "handle",
]
