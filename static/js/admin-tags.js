'use strict';
// Tags in the article form: the admin's select2 autocomplete, where typing a name that
// does not exist yet adds it as a new tag. Existing matches are listed first, so Enter
// picks "Climate" rather than the half-typed "Clim".
{
    const $ = django.jQuery;

    $(function() {
        $('select.tag-autocomplete').each(function(i, element) {
            $(element).select2({
                tags: true,
                tokenSeparators: [','],
                insertTag: (data, tag) => { data.push(tag); },
                ajax: {
                    data: (params) => ({
                        term: params.term,
                        page: params.page,
                        app_label: element.dataset.appLabel,
                        model_name: element.dataset.modelName,
                        field_name: element.dataset.fieldName
                    })
                }
            });
        });
    });
}
