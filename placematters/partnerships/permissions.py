"""Who may do what in a partnership. One table, checked by every view and action."""

from enum import StrEnum

from placematters.partnerships.models import Role


class Permission(StrEnum):
    VIEW = "view"
    EDIT_WORK = "edit_work"
    MANAGE_PARTNERSHIP = "manage_partnership"
    MANAGE_MEMBERS = "manage_members"


GRANTS: dict[str, frozenset[Permission]] = {
    Role.OWNER: frozenset(Permission),
    Role.EDITOR: frozenset({Permission.VIEW, Permission.EDIT_WORK}),
    Role.VIEWER: frozenset({Permission.VIEW}),
}

REFUSALS: dict[Permission, str] = {
    Permission.EDIT_WORK: (
        "You can read this partnership's work but not change it, because your role is viewer. "
        "Ask an owner of the partnership to make you an editor."
    ),
    Permission.MANAGE_PARTNERSHIP: (
        "Only the partnership's owners can change its details, areas and partner organisations. "
        "Ask an owner to make this change, or to make you an owner."
    ),
    Permission.MANAGE_MEMBERS: (
        "Only the partnership's owners can invite people and change or remove members. "
        "Ask an owner to make this change, or to make you an owner."
    ),
    Permission.VIEW: "You are not a member of this partnership.",
}


def role_allows(role: str, permission: Permission) -> bool:
    return permission in GRANTS.get(role, frozenset())


class NotAllowed(Exception):
    """Raised by actions when the acting member's role does not allow the change."""

    def __init__(self, permission: Permission):
        self.permission = permission
        super().__init__(REFUSALS[permission])
