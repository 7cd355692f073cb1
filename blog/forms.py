"""The admin's post form."""

from wagtail.admin.forms import WagtailAdminPageForm


class BlogPageForm(WagtailAdminPageForm):
    """
    A new post starts with its writer as the first author: the Author linked
    to the signed-in user, when there is one. Co-authors are added as before.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        author = getattr(self.for_user, "author_profile", None)
        if author is not None and not self.is_bound and self.instance._state.adding:
            # Initial values of the formset's first extra form: only unbound,
            # because a bound form that equals its initial counts as unchanged
            # and Django's formset would then not save it.
            self.formsets["page_authors"].initial_extra = [{"author": author.pk}]
