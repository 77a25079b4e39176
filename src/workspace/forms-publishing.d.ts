// Declares the Form members Google added for responder publishing, which @types/google-apps-script does not list yet.

declare namespace GoogleAppsScript.Forms {
  /** https://developers.google.com/apps-script/reference/forms/form (isPublished, setPublished, supportsAdvancedResponderPermissions). */
  interface Form {
    isPublished(): boolean;
    setPublished(enabled: boolean): Form;
    supportsAdvancedResponderPermissions(): boolean;
  }
}
